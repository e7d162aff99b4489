/**
 * Trainee explanations (English), shown in the side panel next to what is on screen. Each topic is a title and a
 * body of short paragraphs separated by blank lines. Spread into en.ts; learn-fr.ts must mirror every key.
 */
export const learnEn = {
  'learn.panelTitle': 'Explanations',
  'learn.show': 'Explain',
  'learn.hide': 'Hide explanations',
  'learn.otherTopics': 'Other topics',

  'learn.wim.title': 'What a WIM file is',
  'learn.wim.body': `A WIM (Windows Imaging Format) is a file-based image: it stores files and folders, not disk sectors, so it can be applied to any partition large enough, whatever the disk's geometry or partition style.

Single-instance store: each file content is stored once and named by its SHA-1 hash. Identical files — in one image or across several images — share one resource. That is why a WIM holding five Windows editions is barely larger than one.

Images and indexes: one WIM holds one or more images, numbered from 1 (the index). Each image has its own directory tree and XML metadata (name, edition, build, languages). DISM and Setup pick an image by index or by name.

Compression works per chunk (32 KiB by default): XPRESS is fast and larger, LZX is the usual choice for install.wim, LZMS compresses best. Chunks let a reader decompress only the part of a file it needs.

Solid ESD: an .esd file is a WIM whose contents are LZMS-compressed in large solid blocks spanning many files. It is about 20–30 % smaller, but reading one file means decoding the block from its start. Microsoft distributes ESD for downloads; export it to a WIM before servicing it.

Split SWM: a WIM can be split into install.swm, install2.swm… to fit FAT32's 4 GiB file limit. All parts are needed to read it.`,

  'learn.installWim.title': 'What is inside install.wim',
  'learn.installWim.body': `install.wim (or install.esd) in the sources folder of Windows media is the operating system itself: one image per edition (Home, Pro, Enterprise, Education…), each one a complete system volume ready to be applied.

At the root of an image: Windows (System32, the driver store in System32\\DriverStore, the component store WinSxS), Program Files and Program Files (x86), ProgramData, and Users — only Default and Public in a clean image.

Its companion boot.wim holds Windows PE: index 1 is plain WinPE (recovery, custom tools), index 2 is WinPE with Windows Setup and is marked bootable. The recovery environment, winre.wim, sits inside install.wim in Windows\\System32\\Recovery.

An image you captured from a reference machine has the same layout plus what you installed and, unless it was cleaned, leftovers: user profiles, logs, answer files with passwords. The image doctor looks for those.`,

  'learn.imageKinds.title': 'Partition image or installation image?',
  'learn.imageKinds.body': `A partition image (Ghost, Clonezilla, FFU, VHD) copies a volume sector by sector or cluster by cluster. It deploys fast — the disk is written sequentially — but it carries the partition layout, the drivers and the hardware state of the machine it came from.

An installation image (WIM/ESD) stores files. You apply it to partitions you create, of any size, MBR or GPT, and once generalized with Sysprep it starts on different hardware: Windows detects the devices at first boot and installs drivers from its store or from packages you add.

How to choose:
• Hardware homogeneity — one model everywhere: a partition image is acceptable; a mixed fleet: WIM.
• Flexibility — a WIM can be serviced offline (drivers, updates, language packs with DISM) without rebuilding it, and one file holds several editions.
• Deployment time — a partition image writes faster; a WIM applies more slowly but copies only real data and stays small thanks to single-instance storage.

Whatever the kind, never clone a Windows that was not generalized.`,

  'learn.sysprep.title': 'Sysprep: generalize, OOBE, audit mode',
  'learn.sysprep.body': `Sysprep (Windows\\System32\\Sysprep\\sysprep.exe) prepares an installed Windows to be captured and deployed on other computers.

/generalize removes what belongs to this one machine: the computer SID, the name, event logs, restore points and hardware-specific driver bindings. Without it every clone shares one identity, which breaks management tools and domain trust.

/oobe makes the next start run the Out-Of-Box Experience (region, account, privacy) or the oobeSystem pass of an answer file. /audit instead restarts into audit mode: the built-in Administrator signs in without OOBE so you can install applications and drivers, test, then seal.

/shutdown turns the machine off when Sysprep is done, so you can boot WinPE and capture the disk before Windows starts and specializes itself. /unattend:file applies an answer file. The usual sealing command is sysprep /generalize /oobe /shutdown.

Reading the result in an image: Windows\\Setup\\State\\State.ini holds ImageState. IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE means generalized and ready to deploy; IMAGE_STATE_COMPLETE means an installed system that was not generalized; IMAGE_STATE_UNDEPLOYABLE means Sysprep failed or was interrupted. Sysprep_succeeded.tag in the Sysprep folder marks a successful run, and Sysprep\\Panther\\setupact.log and setuperr.log say why one failed (often a Store app installed for one user only).`,

  'learn.reference.title': 'Reference, thick and thin images',
  'learn.reference.body': `A reference image is the master you build once and deploy many times. Build it in a virtual machine (no vendor drivers or tools to clean), install Windows and its updates — and applications if you choose — in audit mode, then generalize and capture it. Rebuild it regularly instead of patching a deployed copy.

A thick image holds the system and all applications: fastest to deploy, but each application update means a new image, and often one image per department.

A thin image holds only Windows and its updates; drivers and applications are added during deployment by a task sequence or a management tool. Easier to maintain, slower to deploy.

A hybrid image carries what everyone needs (runtimes, security agent, office suite) and leaves the rest to deployment: the usual compromise.`,

  'learn.deployment.title': 'Deployment types',
  'learn.deployment.body': `Bare metal (new computer): no system to keep. Start WinPE from USB or the network (PXE), partition the disk, apply the image, add drivers; the first start specializes Windows.

Refresh (wipe and load): same computer, new image. User state (documents, settings) is captured first — with USMT ScanState, often into a hard-link store on the same disk — then the disk is reimaged and LoadState restores the state.

Replace: the user gets a new computer. State is captured on the old one to a share or removable media, the new one is deployed bare metal, the state is restored, and the old computer is wiped.

In-place upgrade runs Setup from the running Windows and keeps applications, settings and data: the preferred way to move to a newer Windows version.`,

  'learn.metadata.title': 'File metadata: attributes, streams, security',
  'learn.metadata.body': `Attributes: read-only, hidden, system and archive (R, H, S, A in Windows tools), plus directory, compressed, encrypted, sparse, reparse point, temporary, offline and not content indexed.

Named streams (alternate data streams) travel beside the main content of an NTFS file — Zone.Identifier marks a file that came from the Internet. A WIM keeps them; a FAT32 stick cannot.

The security descriptor names the owner, the group and the DACL (who may do what). SDDL is its text form: O:owner G:group D:(ace)(ace)… Each ACE reads type;flags;rights;;;trustee, so (A;;FA;;;SY) allows full access to SYSTEM. System files belong to TrustedInstaller.

Hard links are several names for one file: WinSxS and System32 share most files this way, and the WIM stores the content once. Reparse points — junctions and symbolic links — point elsewhere: "Documents and Settings" is a junction to Users.

SHA-1 is the content's identity in the WIM: two files with the same SHA-1 are one resource.`,

  'learn.logs.title': 'Setup and Sysprep logs (Panther)',
  'learn.logs.body': `Windows Setup logs to Panther folders: $Windows.~BT\\Sources\\Panther during the WinPE phase, Windows\\Panther during specialize and OOBE, Windows\\System32\\Sysprep\\Panther for Sysprep.

setupact.log records every action; setuperr.log only the errors and warnings. An error line names a component and an HRESULT, such as 0x80070002 (file not found) or 0x800F0242 (a driver package problem).

An unattend.xml left in Windows\\Panther may hold passwords: base64 is an encoding, not encryption. Remove it before capturing a reference image.`,
} as const;
