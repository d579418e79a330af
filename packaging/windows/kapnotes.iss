; Inno Setup script for KAPNotes on Windows. NOT BUILT OR TESTED in this project's CI
; (which runs on Linux): see packaging/README.md for the steps and code-signing notes.
;
; Input: dist\KAPNotes\ made on Windows by `py -3.11 tasks.py bundle` (the spec adds a windowed
; KAPNotes.exe beside the console kapnotes.exe there). Build: iscc packaging\windows\kapnotes.iss

#define AppName "KAPNotes"
#define AppVersion "0.1.0"
#define Root "..\.."

[Setup]
AppId={{5B7E3C1A-7F7D-4C8E-9E57-6B1F3A0C2D41}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=KAPNotes
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
; Per-user install by default: no administrator rights needed on a clinic laptop.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist\installer
OutputBaseFilename=KAPNotes-{#AppVersion}-setup
SetupIconFile={#Root}\resources\icons\kapnotes.ico
UninstallDisplayIcon={app}\KAPNotes.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Sign the installer and the uninstaller (see packaging/README.md); define SignTool "kapnotes"
; in the Inno Setup IDE or pass /Skapnotes="signtool sign /fd sha256 /tr ... $f" to iscc.
; SignTool=kapnotes

[Files]
; The whole one-folder app. The practice data is NOT here: it lives in %LOCALAPPDATA%\KAPNotes
; and is never touched by installing, upgrading or uninstalling.
Source: "{#Root}\dist\KAPNotes\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\KAPNotes.exe"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\KAPNotes.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\KAPNotes.exe"; Description: "Start KAPNotes"; Flags: nowait postinstall skipifsilent
