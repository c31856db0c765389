#!/usr/bin/env bash
# Build reflectie as one program file for this computer's system, with PyInstaller:
# dist/reflectie on Linux and macOS, dist/reflectie.exe on Windows (run this script in Git Bash).
# The program needs no Python: it is the app, the command line and `reflectie serve` in one file.
#
#   packaging/build.sh                   a fresh venv in build/venv with reflectie[web,build], then build
#   packaging/build.sh --python PY       use the environment of the Python PY as it is; it must hold
#                                        reflectie[web] and pyinstaller (the test extra has both)
#   packaging/build.sh --dist DIR        write the program to DIR instead of dist/
#   packaging/build.sh --work DIR        keep the venv and PyInstaller's work files in DIR instead of build/
#
# The default builds from a venv with only what reflectie needs at run time, so the program holds
# nothing else; --python skips the install (the test suite uses it with its own venv).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
dist="$root/dist"
work="$root/build"
python=""

while [ $# -gt 0 ]; do
  case "$1" in
    --python) python="$2"; shift 2 ;;
    --dist) dist="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Onbekende optie: $1 (zie $0 --help)" >&2; exit 2 ;;
  esac
done

case "$(uname -s)" in
  MINGW*|MSYS*|CYGWIN*) windows=1; exe=".exe" ;;
  *) windows=0; exe="" ;;
esac

started=$(date +%s)

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
  "$python" -m pip install --quiet --disable-pip-version-check "$root[web,build]"
fi

if ! "$python" -c "import PyInstaller, reflectie, textual_serve" >/dev/null 2>&1; then
  echo "In $python ontbreekt PyInstaller, reflectie of textual-serve." >&2
  echo "Installeer ze met: $python -m pip install '$root[web,build]'" >&2
  exit 1
fi

echo "Bouwen met PyInstaller …"
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath "$work/pyinstaller" "$here/reflectie.spec"

program="$dist/reflectie$exe"
# the built program must at least start and know its version
"$program" --versie

seconds=$(( $(date +%s) - started ))
bytes=$(wc -c < "$program" | tr -d ' ')
echo "Klaar: $program ($(( bytes / 1024 / 1024 )) MB) in $seconds s."
