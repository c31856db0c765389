#!/usr/bin/env bash
# Build reflectie as one program file for this computer's system with PyInstaller: dist/reflectie
# on Linux and macOS, dist/reflectie.exe on Windows (run it in Git Bash there). The program needs no
# Python: it is the app, the command line and `reflectie serve` in one file.
#
# By default it makes a fresh venv (build/venv) with only reflectie[web,build], so the program holds
# nothing else; --python PY builds from an environment that is already set up (a quick rebuild).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
# relative to the repository root, where the script works from (see below)
dist="dist"
work="build"
python=""

usage() {
  cat <<'TEXT'
Bouwt reflectie als één programmabestand voor dit systeem (PyInstaller):
dist/reflectie op Linux en macOS, dist/reflectie.exe op Windows (start dit daar in Git Bash).

  packaging/build.sh                 nieuwe venv in build/venv met reflectie[web,build], dan bouwen
  packaging/build.sh --python PY     bouwen met de Python-omgeving van PY zoals ze is; daarin moeten
                                     reflectie[web] en pyinstaller staan (de extra 'test' heeft beide)
  packaging/build.sh --dist MAP      het programma in MAP zetten in plaats van dist/
  packaging/build.sh --work MAP      venv en werkbestanden in MAP in plaats van build/
TEXT
}

# a folder or program given on the command line, as an absolute path
folder() { mkdir -p "$1" && (cd "$1" && pwd); }
program_path() {
  case "$1" in
    */*) echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" ;;
    *) echo "$1" ;;  # a name looked up on PATH
  esac
}

while [ $# -gt 0 ]; do
  case "$1" in
    --python) python="$(program_path "$2")"; shift 2 ;;
    --dist) dist="$(folder "$2")"; shift 2 ;;
    --work) work="$(folder "$2")"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "Onbekende optie: $1 (zie $0 --help)" >&2; exit 2 ;;
  esac
done

case "$(uname -s)" in
  MINGW*|MSYS*|CYGWIN*) windows=1; exe=".exe" ;;
  *) windows=0; exe="" ;;
esac

started=$(date +%s)
# relative paths from here on: Git Bash on Windows would otherwise hand "/d/a/…" paths to Windows
# programs, and pip takes the extras of ".[web,build]" as part of an absolute path's text
cd "$root"

if [ -z "$python" ]; then
  # python3 first; on Windows "python3" may be the Microsoft Store stub, so it must really run
  base=""
  for candidate in python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import sys; assert sys.version_info >= (3, 11)" >/dev/null 2>&1; then
      base="$candidate"
      break
    fi
  done
  if [ -z "$base" ]; then
    echo "Geen Python 3.11 of nieuwer gevonden (python3 of python). Installeer Python en probeer opnieuw." >&2
    exit 1
  fi
  venv="$work/venv"
  echo "Nieuwe venv in $venv met reflectie[web,build] …"
  rm -rf "$venv"
  "$base" -m venv "$venv"
  if [ "$windows" = 1 ]; then python="$venv/Scripts/python.exe"; else python="$venv/bin/python"; fi
  "$python" -m pip install --quiet --disable-pip-version-check ".[web,build]"
fi

if ! "$python" -c "import PyInstaller, reflectie, textual_serve" >/dev/null 2>&1; then
  echo "In $python ontbreekt PyInstaller, reflectie of textual-serve." >&2
  echo "Installeer ze met: $python -m pip install '${root}[web,build]' (zie ook $0 --help)" >&2
  exit 1
fi

echo "Bouwen met PyInstaller …"
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath "$work/pyinstaller" packaging/reflectie.spec

program="$dist/reflectie$exe"
# the built program must at least start and know its version
"$program" --versie

seconds=$(( $(date +%s) - started ))
bytes=$(wc -c < "$program" | tr -d ' ')
echo "Klaar: $program ($(( bytes / 1024 / 1024 )) MB) in $seconds s."
