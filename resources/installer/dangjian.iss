; Inno Setup 6 script (6.3 or later): per-user installer for 党建台账 (no administrator rights needed).
; Saved as UTF-8 with a byte-order mark: without it the compiler reads the Chinese text in the system's
; ANSI code page and the wizard shows garbage.
;
; Build the bundle first (pyinstaller --noconfirm --clean build_installer.spec), then, on Windows:
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" resources\installer\dangjian.iss
; The installer lands in dist\dangjian-setup-<version>.exe. See docs\windows-build.md.
;
; Data safety: the program's files go to {localappdata}\Programs\DangjianLedger; the user's ledger lives in
; %LOCALAPPDATA%\DangjianLedger (app.paths, via platformdirs), a different folder this script never names.
; An upgrade replaces only {app}\_internal and the executables; uninstalling removes only what was installed.
;
; Chinese wizard: Inno Setup's ChineseSimplified.isl is an unofficial translation, not shipped with Inno
; Setup. If you place a copy beside this script it is used; either way the [Messages] and [CustomMessages]
; below put every page this installer shows into Chinese.

#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(AddBackslash(SourcePath) + "..\..\dist\dangjian\dangjian.exe")
#endif
#define AppName "党建台账"
#define AppExe "dangjian.exe"

[Setup]
; A fixed AppId makes a newer installer upgrade the installed copy in place. Never change it.
AppId={{6C1F3E0A-5B7D-4C2E-9A51-2D8E4F7B9C30}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=党建台账项目
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
; Per user, no UAC prompt: a school teacher's account is rarely an administrator.
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\DangjianLedger
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 or later.
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=dangjian-setup-{#AppVersion}
SetupIconFile=..\icons\app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Ask a running 党建台账 to close before files are replaced (Windows Restart Manager).
CloseApplications=yes
RestartApplications=no

[Languages]
#if FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
Name: "chs"; MessagesFile: "compiler:Default.isl,ChineseSimplified.isl"
#else
Name: "chs"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade must not leave an older version's modules beside the new ones. Only the program's own folder
; is cleared; the data folder is elsewhere (see the header).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; Never ship a portable marker (data would then go beside the program) or a portable copy's data folder.
Source: "..\..\dist\dangjian\*"; DestDir: "{app}"; Excludes: "\portable,\data"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autoprograms}\卸载{#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Messages]
SetupAppTitle=安装
SetupWindowTitle=安装 - %1
UninstallAppTitle=卸载
UninstallAppFullTitle=卸载 %1
ExitSetupTitle=退出安装
ExitSetupMessage=安装尚未完成。如果现在退出，程序将不会被安装。%n%n您可以以后再运行安装程序完成安装。%n%n确定退出安装吗？
ButtonBack=< 上一步(&B)
ButtonNext=下一步(&N) >
ButtonInstall=安装(&I)
ButtonOK=确定
ButtonCancel=取消
ButtonYes=是(&Y)
ButtonNo=否(&N)
ButtonFinish=完成(&F)
ButtonBrowse=浏览(&R)...
WelcomeLabel1=欢迎使用 [name] 安装向导
WelcomeLabel2=即将在您的电脑上安装 [name/ver]。%n%n无需管理员权限，只为当前用户安装。建议先关闭其他程序再继续。
WizardSelectDir=选择安装位置
SelectDirDesc=把 [name] 安装到哪里？
SelectDirLabel3=安装程序将把 [name] 安装到下面的文件夹。
SelectDirBrowseLabel=点击“下一步”继续。如需选择其他文件夹，请点击“浏览”。
WizardSelectTasks=选择附加任务
SelectTasksDesc=需要执行哪些附加任务？
SelectTasksLabel2=请选择安装 [name] 时要执行的附加任务，然后点击“下一步”。
WizardReady=准备安装
ReadyLabel1=安装程序已准备好在您的电脑上安装 [name]。
ReadyLabel2a=点击“安装”开始安装；如需检查或修改设置，请点击“上一步”。
ReadyLabel2b=点击“安装”开始安装。
ReadyMemoDir=安装位置：
ReadyMemoTasks=附加任务：
WizardInstalling=正在安装
InstallingLabel=正在安装 [name]，请稍候。
FinishedHeadingLabel=[name] 安装完成
FinishedLabelNoIcons=[name] 已安装到您的电脑上。
FinishedLabel=[name] 已安装到您的电脑上。可以从开始菜单或桌面快捷方式启动。
ClickFinish=点击“完成”退出安装程序。
StatusExtractFiles=正在解压文件...
StatusCreateIcons=正在创建快捷方式...
StatusCreateDirs=正在创建文件夹...
StatusRollback=正在撤销更改...
ConfirmUninstall=确定要卸载 %1 吗？%n%n台账数据（本地应用数据下的 DangjianLedger 文件夹，含备份）不会被删除。
UninstallStatusLabel=正在从您的电脑中卸载 %1，请稍候。
UninstalledAll=%1 已卸载。%n%n台账数据和备份仍保存在原处，重新安装后可以直接使用。

[CustomMessages]
chs.CreateDesktopIcon=创建桌面快捷方式(&D)
chs.AdditionalIcons=快捷方式：
chs.LaunchProgram=运行 %1
chs.UninstallProgram=卸载 %1
