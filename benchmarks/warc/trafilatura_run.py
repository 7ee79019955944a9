"""trafilatura.extract on the HTML responses of WARC files (read with warcio); one process.

Prints the number of articles extracted (non-empty results) and of records. `costs.py`
imports `extract_all` to time the same loop in its own process.
"""

from __future__ import annotations

import sys


def extract_all(files: list[str]) -> tuple[int, int]:
    """(articles, response records) of trafilatura over these WARC files."""
    import trafilatura
    from warcio.archiveiterator import ArchiveIterator

    articles = records = 0
    for path in files:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    continue
                records += 1
                url = record.rec_headers.get_header("WARC-Target-URI")
                html = record.content_stream().read()
                text = trafilatura.extract(html, url=url, with_metadata=True)
                articles += bool(text and text.strip())
    return articles, records


if __name__ == "__main__":
    print(*extract_all(sys.argv[1:]))
