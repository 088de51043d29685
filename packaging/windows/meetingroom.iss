; Inno Setup 6 script: the Windows installer of the PyInstaller bundle dist\meetingroom\.
; Built on Windows only (it cannot be built or tried on the Linux build machine); the steps
; are in docs/packaging.md. From the repository's root, after the bundle and the icons:
;
;   iscc /DAppVersion=0.2.0 packaging\windows\meetingroom.iss
;
; writes dist\meetingroom-0.2.0-setup.exe. AppVersion is meetingroom.__version__ (the
; bundle prints it: dist\meetingroom\meetingroom.exe --version).

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\windows\meetingroom.iss
#endif
#define Root AddBackslash(SourcePath) + "..\.."
#define Bundle Root + "\dist\meetingroom"

[Setup]
; never change AppId: Windows knows the installed program (and its upgrades) by it
AppId={{6884E73B-DCD3-43A8-B133-EC6A7B8B26C2}
AppName=Meetingroom
AppVersion={#AppVersion}
AppVerName=Meetingroom {#AppVersion}
AppPublisher=Meetingroom contributors
AppCopyright=Meetingroom contributors, AGPL-3.0-or-later
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Meetingroom
DefaultGroupName=Meetingroom
DisableProgramGroupPage=yes
; the user may install for everyone (administrator) or just for themselves
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
LicenseFile={#Root}\LICENSE
SetupIconFile={#Root}\build\icons\meetingroom.ico
UninstallDisplayIcon={app}\meetingroom-gui.exe
UninstallDisplayName=Meetingroom
OutputDir={#Root}\dist
OutputBaseFilename=meetingroom-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; a running client keeps its files open: ask to close it before replacing them
CloseApplications=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
; Inno Setup's Vietnamese translation is an unofficial one: to offer it, put Vietnamese.isl
; (from the Inno Setup website's translations page) next to this script and uncomment:
;Name: "vi"; MessagesFile: "Vietnamese.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; the whole one-folder bundle: meetingroom.exe (console: server, admin, sign, verify, ...),
; meetingroom-gui.exe (the same program without a console window, for the shortcuts) and
; _internal\ with Python, Qt, MuPDF and the rest
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#Root}\LICENSE"; DestDir: "{app}"; DestName: "LICENSE.txt"; Flags: ignoreversion

[InstallDelete]
; an upgrade starts from a clean bundle: files the old version had must not linger
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\Meetingroom"; Filename: "{app}\meetingroom-gui.exe"; Parameters: "client"; Comment: "Paperless meeting room"
Name: "{autodesktop}\Meetingroom"; Filename: "{app}\meetingroom-gui.exe"; Parameters: "client"; Tasks: desktopicon

[Run]
Filename: "{app}\meetingroom-gui.exe"; Parameters: "client"; Description: "{cm:LaunchProgram,Meetingroom}"; Flags: nowait postinstall skipifsilent
