"""trafilatura.extract on the HTML responses of WARC files (read with warcio); one process.

Prints the number of articles extracted (non-empty results) and of records.
"""

from __future__ import annotations

import sys

import trafilatura
from warcio.archiveiterator import ArchiveIterator

if __name__ == "__main__":
    articles = records = 0
    for path in sys.argv[1:]:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response":
                    continue
                records += 1
                url = record.rec_headers.get_header("WARC-Target-URI")
                html = record.content_stream().read()
                text = trafilatura.extract(html, url=url, with_metadata=True)
                articles += bool(text and text.strip())
    print(articles, records)
