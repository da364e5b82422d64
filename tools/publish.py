#!/usr/bin/env python3
"""Publishes the staged app (what `./lab build` assembles in target/site) as a static site.

    python3 tools/publish.py SITE OUT

- Every file that only the app itself links to gets its content's hash in its name
  (`pkg/app.js` -> `pkg/app.3fa9c0d1e2b4.js`), and every reference to it in the app's HTML, JS
  and CSS is rewritten to match. A name then always means the same bytes, so a browser or the
  service worker may keep such a file forever, and a new build can never be mixed with an old
  one. Files are published leaves first, so a file's hash covers the names it refers to.
- Files named from outside keep their names (STABLE).
- Each `.wasm` also goes out gzipped as `.wasm.gz` (zopfli when installed, else gzip -9):
  `static/wasm.js` fetches that and decompresses it in the browser, so the module is small on
  the wire even from a host that compresses nothing.
- The service worker is published at the root (a worker controls only its own folder and
  below) with the build's file list written into it: its `const BUILD = …;` line.
"""

import gzip
import hashlib
import json
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

# Named from outside the app's own files, so they keep their names: the pages' addresses, files
# the wasm asks for by name (src/ui/fetch.rs, src/ui/worker.rs, the evidence page that
# src/validation/view.rs links to), what other sites link to
# (embed.js) and the example post.
STABLE = {
    "index.html",
    "lessons.html",
    "lessons.bin",
    "evidence.html",
    "static/worker.js",
    "static/embed.js",
    "static/blog-example.html",
    "static/conclab_probe.py",
}
SERVICE_WORKER = "static/sw.js"
# Where references to other files are looked for and rewritten.
TEXT_SUFFIXES = {".html", ".js", ".css"}
# Hex digits of the content hash in a name; static/sw.js recognises hashed names by them.
HASH_DIGITS = 12
# A quoted relative path, as in `import "../pkg/app.js"` or `href="static/style.css"`.
QUOTED_PATH = re.compile(r"""(["'])([\w./-]+)\1""")
BUILD_LINE = re.compile(r"^const BUILD = .*;$", re.M)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_DIGITS]


def gzipped(path: Path) -> tuple[bytes, str]:
    """The file gzipped, and by what: zopfli's output is about 5% smaller than gzip -9's."""
    if shutil.which("zopfli"):
        zopfli = subprocess.run(["zopfli", "-c", str(path)], check=True, capture_output=True)
        return zopfli.stdout, "zopfli"
    return gzip.compress(path.read_bytes(), 9, mtime=0), "gzip -9"


class Publisher:
    def __init__(self, site: Path, out: Path):
        self.site, self.out = site, out
        self.files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
        self.published: dict[str, str] = {}  # source path -> published path
        self.visiting: set[str] = set()
        self.gzip_tool = "none"

    def publish(self, path: str) -> str:
        """Publishes `path` (after the files it refers to) and answers its published path."""
        if path in self.published:
            return self.published[path]
        if path in self.visiting:
            sys.exit(f"publish: {path} refers back to itself through other files")
        self.visiting.add(path)
        data = (self.site / path).read_bytes()
        if Path(path).suffix in TEXT_SUFFIXES:
            data = self.rewrite(path, data.decode()).encode()
        if path in STABLE:
            name = path
        else:
            stem, dot, suffix = path.rpartition("/")[2].partition(".")
            name = posixpath.join(posixpath.dirname(path), f"{stem}.{digest(data)}{dot}{suffix}")
        self.write(name, data)
        if path.endswith(".wasm"):
            packed, self.gzip_tool = gzipped(self.site / path)
            self.write(name + ".gz", packed)
        self.visiting.discard(path)
        self.published[path] = name
        return name

    def rewrite(self, path: str, text: str) -> str:
        """`text` with each reference to another file of the site renamed as that file is."""
        here = posixpath.dirname(path)

        def renamed(match: re.Match) -> str:
            quote, ref = match.groups()
            target = posixpath.normpath(posixpath.join(here, ref))
            suffix = ""
            if target.endswith(".wasm.gz"):  # the gzipped copy is named after its module
                target, suffix = target[: -len(".gz")], ".gz"
            # A kept name never changes, so it need not be published first (the two pages and
            # boot.js, which sends an address to the other page, refer to each other).
            if target not in self.files or target in STABLE or target == SERVICE_WORKER or target == path:
                return match.group(0)
            new_name = posixpath.basename(self.publish(target)) + suffix
            return quote + posixpath.join(posixpath.dirname(ref), new_name) + quote

        return QUOTED_PATH.sub(renamed, text)

    def write(self, name: str, data: bytes) -> None:
        target = self.out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def service_worker(self) -> tuple[str, str]:
        """sw.js with this build's lists (content-addressed files, files kept by name), and the
        build's version."""
        names = sorted(self.published.values())
        hashed = [n for n in names if n not in STABLE and not n.endswith(".wasm")]
        hashed += [n + ".gz" for n in names if n.endswith(".wasm")]
        kept = ["./"] + sorted(n for n in names if n in STABLE and n != "index.html")
        # The version covers every file's content, those kept by name included.
        contents = [[n, digest((self.out / n).read_bytes())] for n in names]
        version = digest(json.dumps(contents).encode())
        build = {"version": version, "hashed": sorted(hashed), "kept": kept}
        source = (self.site / SERVICE_WORKER).read_text()
        stamped, count = BUILD_LINE.subn(lambda _: f"const BUILD = {json.dumps(build)};", source)
        if count != 1:
            sys.exit(f"publish: {SERVICE_WORKER} needs exactly one line 'const BUILD = …;'")
        return stamped, version

    def run(self) -> None:
        for path in sorted(self.files - {SERVICE_WORKER}):
            self.publish(path)
        sw, version = self.service_worker()
        self.write("sw.js", sw.encode())
        files = len(self.published) + 1
        print(f"published {files} files as build {version} (wasm gzipped with {self.gzip_tool})")


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: publish.py SITE OUT  (OUT must not exist yet)")
    site, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=False)
    Publisher(site, out).run()


if __name__ == "__main__":
    main()
