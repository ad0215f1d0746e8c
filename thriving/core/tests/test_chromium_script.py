"""scripts/chromium.sh, which `make test` runs to find the Chromium of the browser journeys: Debian's
when it is there, Debian's installed with apt-get when it can be, else Playwright's own download,
and a loud failure when there is none. Run against stand-ins for apt-get, id and Python."""

import os
import stat
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "chromium.sh"
A_CHROMIUM = "#!/bin/sh\necho 'Chromium 140.0'\n"


def executable(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


@pytest.fixture
def machine(tmp_path):
    """A machine without Chromium: stand-in commands first on the PATH, and a Python whose
    Playwright download works or not."""
    bin_dir = tmp_path / "bin"
    debian = tmp_path / "usr-bin" / "chromium"
    downloaded = tmp_path / "ms-playwright" / "chrome"
    log = tmp_path / "apt.log"
    executable(bin_dir / "apt-get", f"""#!/bin/sh
echo "$*" >> {log}
[ "$APT_WORKS" = 1 ] || exit 100
case "$*" in *install*) printf '%s' "{A_CHROMIUM}" > {debian}; chmod +x {debian};; esac
""")
    executable(bin_dir / "id", '#!/bin/sh\necho "$UID_IS"\n')
    python = executable(tmp_path / "python", f"""#!/bin/sh
if [ "$1" = "-m" ]; then
  [ "$DOWNLOAD_WORKS" = 1 ] || exit 1
  printf '%s' "{A_CHROMIUM}" > {downloaded}; chmod +x {downloaded}; exit 0
fi
echo {downloaded}
""")
    downloaded.parent.mkdir()
    debian.parent.mkdir()

    def run(*, root=True, apt_works=False, download_works=False, preset=None):
        env = {
            "PATH": f"{bin_dir}:/usr/bin:/bin",
            "THRIVING_DEBIAN_CHROMIUM": str(debian),
            "UID_IS": "0" if root else "1000",
            "APT_WORKS": "1" if apt_works else "0",
            "DOWNLOAD_WORKS": "1" if download_works else "0",
        }
        if preset:
            env["THRIVING_CHROMIUM"] = preset
        result = subprocess.run([str(SCRIPT), str(python)], env=env, capture_output=True, text=True, timeout=30)
        result.apt = log.read_text() if log.exists() else ""
        return result

    run.debian, run.downloaded = debian, downloaded
    return run


def test_debian_chromium_is_used_when_it_is_there(machine):
    executable(machine.debian, A_CHROMIUM)
    result = machine()
    assert result.returncode == 0
    assert result.stdout.strip() == str(machine.debian)
    assert "Debian's Chromium" in result.stderr
    assert result.apt == ""


def test_without_it_debian_chromium_is_installed_as_root(machine):
    result = machine(apt_works=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(machine.debian)
    assert "installed now" in result.stderr
    assert "install -y -qq chromium fonts-liberation" in result.apt


def test_where_apt_get_fails_playwright_downloads_its_own(machine):
    result = machine(apt_works=False, download_works=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(machine.downloaded)
    assert "Playwright's Chromium" in result.stderr


def test_without_root_or_sudo_apt_get_is_not_tried(machine):
    result = machine(root=False, apt_works=True, download_works=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(machine.downloaded)
    assert result.apt == ""


def test_with_no_chromium_to_be_had_it_fails_loudly(machine):
    result = machine(apt_works=False, download_works=False)
    assert result.returncode != 0
    assert result.stdout == ""
    assert "the browser tests cannot run" in result.stderr


def test_a_chromium_given_in_the_environment_is_used(machine, tmp_path):
    mine = executable(tmp_path / "my-chrome", A_CHROMIUM)
    result = machine(preset=str(mine))
    assert result.stdout.strip() == str(mine)
    assert os.access(result.stdout.strip(), os.X_OK)
