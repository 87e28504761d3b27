<#
RIES Atlas offline install (Windows x64): creates a virtual environment in DIR and installs the atlas from the
wheels beside this script alone, with no network. Needs CPython 3.11 (64-bit, from python.org: its installer
also puts the "py" launcher on the machine).

    powershell -ExecutionPolicy Bypass -File install.ps1 C:\ries-atlas
    powershell -ExecutionPolicy Bypass -File install.ps1 C:\ries-atlas -Python C:\Python311\python.exe

Then: C:\ries-atlas\Scripts\ries-atlas.exe serves the app (http://localhost:8501; any `streamlit run` option may
follow, e.g. --server.port 8080), and C:\ries-atlas\Scripts\python.exe -m analysis runs the command line.
#>
param(
    [Parameter(Mandatory = $true, Position = 0)][string]$Dir,
    [string]$Python = ""
)
$ErrorActionPreference = "Stop"
$Here = $PSScriptRoot

function Invoke-Checked([string]$Exe, [string[]]$Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "failed ($LASTEXITCODE): $Exe $($Arguments -join ' ')" }
}

# CPython 3.11: -Python if given, else the py launcher's 3.11, else python on PATH
$Base = @()
if ($Python) { $Base = @($Python) }
elseif (Get-Command py -ErrorAction SilentlyContinue) { $Base = @("py", "-3.11") }
else { $Base = @("python") }
$Exe = $Base[0]
$Pre = @($Base | Select-Object -Skip 1)

& $Exe @Pre -c "import sys; sys.exit(sys.version_info[:2] != (3, 11) or sys.maxsize < 2**32)"
if ($LASTEXITCODE -ne 0) { throw "RIES Atlas needs 64-bit CPython 3.11 ($($Base -join ' ') is not); use -Python C:\path\to\python.exe" }

if ((Test-Path $Dir) -and (Get-ChildItem $Dir -Force | Select-Object -First 1) -and -not (Test-Path (Join-Path $Dir "Scripts\python.exe"))) {
    throw "$Dir exists and is not an environment made by this script: choose an empty or new folder"
}

Invoke-Checked $Exe ($Pre + @("-m", "venv", $Dir))
$Py = Join-Path $Dir "Scripts\python.exe"
$Wheels = Join-Path $Here "wheels"
# --isolated: no pip configuration or PIP_* variable of this machine takes part; --no-index: the wheels here only
$PipInstall = @("-m", "pip", "--isolated", "--disable-pip-version-check", "install", "--no-index", "--find-links", $Wheels)
Invoke-Checked $Py ($PipInstall + @("--require-hashes", "-r", (Join-Path $Here "requirements.txt")))
$Atlas = Get-ChildItem -Path $Wheels -Filter "ries_atlas-*.whl" | Select-Object -First 1
if (-not $Atlas) { throw "no ries_atlas wheel in $Wheels" }
Invoke-Checked $Py ($PipInstall + @("--no-deps", "--force-reinstall", $Atlas.FullName))
Invoke-Checked $Py @("-m", "pip", "--isolated", "check")

Write-Host ""
Write-Host "RIES Atlas is installed in $Dir."
Write-Host "  serve the app:     $(Join-Path $Dir 'Scripts\ries-atlas.exe')   (then open http://localhost:8501)"
Write-Host "  the command line:  $Py -m analysis --help"
