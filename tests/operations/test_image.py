"""The image prints PDFs and keeps secrets out.

No container engine runs on the CI machine, so the image is checked against what a PDF rendering
actually loads here: the machine is Debian 12 like python:3.11-slim, so a library's Debian package
here is its package in the image.
"""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import weasyprint
from pypdf import PdfReader

from tests.conftest import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
# The libraries WeasyPrint opens itself (weasyprint/text/ffi.py); apt brings what they need.
OPENED_BY_WEASYPRINT = ("libgobject-2.0", "libpango-1.0", "libpangoft2-1.0", "libharfbuzz", "libfontconfig")


def image_packages():
    """The Debian packages the Dockerfile installs."""
    packages = set()
    for command in re.findall(r"apt-get install ((?:[^\\\n]*\\\n)*[^\n]*)", DOCKERFILE):
        words = command.replace("\\\n", " ").split("&&")[0].split()
        packages |= {word for word in words if not word.startswith("-")}
    return packages


def owning_package(path):
    return subprocess.run(["dpkg", "-S", path], capture_output=True, text=True, check=True).stdout.split(":")[
        0
    ]


def loaded_libraries():
    return {line.split()[-1] for line in Path("/proc/self/maps").read_text().splitlines() if ".so" in line}


def test_the_image_installs_every_library_a_pdf_rendering_opens_and_the_cjk_font():
    if not shutil.which("dpkg"):
        pytest.skip("libraries are traced to their packages with Debian's dpkg; CI runs on Debian")
    pdf = weasyprint.HTML(string="<p style='font-family: sans-serif'>海关高级认证企业证书</p>").write_pdf()
    opened = {
        library
        for library in loaded_libraries()
        if Path(library).name.startswith(OPENED_BY_WEASYPRINT) and "/.venv/" not in library
    }
    assert len(opened) >= 5, opened
    missing = {owning_package(library) for library in opened} - image_packages()
    assert not missing, f"the Dockerfile does not install {missing}"

    fonts = {
        str(font.get("/BaseFont"))
        for page in PdfReader(io.BytesIO(pdf)).pages
        for font in page["/Resources"]["/Font"].get_object().values()
    }
    assert any("WenQuanYi" in font for font in fonts), fonts
    assert "fonts-wqy-microhei" in image_packages()


def test_the_user_can_write_its_home_for_the_font_cache():
    assert "--create-home --home-dir /home/credit credit" in DOCKERFILE
    assert re.search(r"^ENV HOME=/home/credit$", DOCKERFILE, flags=re.MULTILINE)


def test_secrets_and_local_state_stay_out_of_the_image():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".env.*", ".git", ".venv", "db.sqlite3", "private"} <= set(ignored)
