#!/usr/bin/env bash
# Download into .whl/ the cp312 manylinux x86_64 wheels that `jz warc` needs on the device
# machine beyond what it already has (numpy, httpx and its anyio/httpcore/h11/idna/certifi/
# sniffio, rich, typer, click, charset-normalizer, psutil, fsspec, cloudpickle, msgpack,
# toolz). Run from the repository root, with network; .whl/ is git-ignored (.git/info/exclude).
#
#   jzcli: selectolax (HTML), OpenCC (script conversion), pypinyin (pinyin repair),
#          ftfy + wcwidth (mojibake), warcio + six (WARC), h2 + hpack + hyperframe
#          (httpx's HTTP/2, imported when the batch runner builds its client), brotli
#          (Content-Encoding: br), sniffio (httpcore imports it on every request),
#          protego (robots.txt), platformdirs (the config file's folder).
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p .whl
wheels=(
    selectolax==1.0.2
    OpenCC==1.4.2
    pypinyin==0.55.0
    ftfy==6.3.1
    wcwidth==0.9.4
    warcio==1.8.1
    six==1.17.0
    h2==4.4.1
    hpack==4.2.0
    hyperframe==6.1.0
    brotli==1.2.1
    sniffio==1.3.1
    protego==0.7.0
    platformdirs==4.14.8
)
for wheel in "${wheels[@]}"; do
    python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 \
        --implementation cp --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 \
        --platform manylinux2014_x86_64 -d .whl "$wheel"
done
ls -l .whl
du -sh .whl
