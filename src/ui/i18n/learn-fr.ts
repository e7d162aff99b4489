/** Explications pour les apprenants (français), miroir exact des clés de learn-en.ts. */
import type { learnEn } from './learn-en';

export const learnFr: Record<keyof typeof learnEn, string> = {
  'learn.panelTitle': 'Explications',
  'learn.show': 'Expliquer',
  'learn.hide': 'Masquer les explications',
  'learn.otherTopics': 'Autres sujets',

  'learn.wim.title': 'Qu’est-ce qu’un fichier WIM ?',
  'learn.wim.body': `Un WIM (Windows Imaging Format) est une image « fichier » : il contient des fichiers et des dossiers, pas des secteurs de disque. On peut donc l’appliquer sur n’importe quelle partition assez grande, quels que soient la géométrie du disque ou le schéma de partition.

Stockage à instance unique : le contenu de chaque fichier est stocké une seule fois et nommé par son empreinte SHA-1. Des fichiers identiques — dans une image ou dans plusieurs — partagent une seule ressource. C’est pourquoi un WIM qui contient cinq éditions de Windows est à peine plus gros qu’un WIM qui n’en contient qu’une.

Images et index : un WIM contient une ou plusieurs images, numérotées à partir de 1 (l’index). Chaque image a son arborescence et ses métadonnées XML (nom, édition, build, langues). DISM et le programme d’installation choisissent une image par son index ou son nom.

La compression se fait par blocs (32 Kio par défaut) : XPRESS est rapide mais compresse moins, LZX est le choix habituel pour install.wim, LZMS compresse le mieux. Les blocs permettent de ne décompresser que la partie utile d’un fichier.

ESD « solide » : un fichier .esd est un WIM dont le contenu est compressé en LZMS par grands blocs solides couvrant de nombreux fichiers. Il est 20 à 30 % plus petit, mais lire un fichier oblige à décoder le bloc depuis son début. Microsoft distribue des ESD pour les téléchargements ; exportez-le en WIM avant de le maintenir.

SWM fractionné : un WIM peut être découpé en install.swm, install2.swm… pour respecter la limite de 4 Gio par fichier du FAT32. Toutes les parties sont nécessaires pour le lire.`,

  'learn.installWim.title': 'Que contient install.wim ?',
  'learn.installWim.body': `install.wim (ou install.esd), dans le dossier sources d’un support Windows, est le système lui-même : une image par édition (Famille, Professionnel, Entreprise, Éducation…), chacune étant un volume système complet prêt à être appliqué.

À la racine d’une image : Windows (System32, le magasin de pilotes System32\\DriverStore, le magasin de composants WinSxS), Program Files et Program Files (x86), ProgramData et Users — seulement Default et Public dans une image propre.

Son compagnon boot.wim contient Windows PE : l’index 1 est WinPE seul (dépannage, outils maison), l’index 2 est WinPE avec le programme d’installation et il est marqué amorçable. L’environnement de récupération, winre.wim, se trouve dans install.wim sous Windows\\System32\\Recovery.

Une image capturée sur votre machine de référence a la même structure, plus ce que vous avez installé et, si elle n’a pas été nettoyée, des restes : profils d’utilisateurs, journaux, fichiers de réponses avec des mots de passe. Le diagnostic d’image les recherche.`,

  'learn.imageKinds.title': 'Image de partition ou image d’installation ?',
  'learn.imageKinds.body': `Une image de partition (Ghost, Clonezilla, FFU, VHD) copie un volume secteur par secteur ou cluster par cluster. Elle se déploie vite — le disque est écrit séquentiellement — mais elle emporte le partitionnement, les pilotes et l’état matériel de la machine d’origine.

Une image d’installation (WIM/ESD) contient des fichiers. On l’applique sur des partitions que l’on crée, de toute taille, en MBR ou GPT ; une fois généralisée avec Sysprep, elle démarre sur du matériel différent : Windows détecte les périphériques au premier démarrage et installe les pilotes de son magasin ou ceux que vous ajoutez.

Comment choisir :
• Homogénéité du matériel — un seul modèle partout : une image de partition est acceptable ; un parc hétérogène : WIM.
• Souplesse — un WIM se maintient hors ligne (pilotes, mises à jour, modules linguistiques avec DISM) sans être reconstruit, et un seul fichier contient plusieurs éditions.
• Durée du déploiement — une image de partition s’écrit plus vite ; un WIM s’applique plus lentement mais ne copie que les données réelles et reste compact grâce à l’instance unique.

Dans tous les cas, ne clonez jamais un Windows qui n’a pas été généralisé.`,

  'learn.sysprep.title': 'Sysprep : généralisation, OOBE, mode audit',
  'learn.sysprep.body': `Sysprep (Windows\\System32\\Sysprep\\sysprep.exe) prépare un Windows installé pour qu’il soit capturé puis déployé sur d’autres ordinateurs.

/generalize retire ce qui est propre à cette machine : le SID de l’ordinateur, son nom, les journaux d’événements, les points de restauration et les liaisons de pilotes propres au matériel. Sans cela, tous les clones partagent la même identité, ce qui perturbe les outils de gestion et les relations d’approbation du domaine.

/oobe fait exécuter au prochain démarrage l’accueil de Windows (OOBE : région, compte, confidentialité) ou la passe oobeSystem d’un fichier de réponses. /audit redémarre au contraire en mode audit : l’Administrateur intégré ouvre une session sans OOBE pour installer applications et pilotes, tester, puis sceller.

/shutdown éteint la machine à la fin de Sysprep, pour démarrer WinPE et capturer le disque avant que Windows ne redémarre et ne se spécialise. /unattend:fichier applique un fichier de réponses. La commande de scellement habituelle est sysprep /generalize /oobe /shutdown.

Lire le résultat dans une image : Windows\\Setup\\State\\State.ini contient ImageState. IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE signifie généralisée et prête à déployer ; IMAGE_STATE_COMPLETE, un système installé qui n’a pas été généralisé ; IMAGE_STATE_UNDEPLOYABLE, un Sysprep en échec ou interrompu. Sysprep_succeeded.tag dans le dossier Sysprep signale une exécution réussie, et Sysprep\\Panther\\setupact.log et setuperr.log expliquent un échec (souvent une application du Store installée pour un seul utilisateur).`,

  'learn.reference.title': 'Images de référence, complètes et minimales',
  'learn.reference.body': `Une image de référence est le modèle construit une fois et déployé de nombreuses fois. Construisez-la dans une machine virtuelle (pas de pilotes ni d’outils constructeur à nettoyer), installez Windows et ses mises à jour — et des applications si vous le décidez — en mode audit, puis généralisez-la et capturez-la. Reconstruisez-la régulièrement plutôt que de corriger une copie déployée.

Une image complète (« thick ») contient le système et toutes les applications : la plus rapide à déployer, mais chaque mise à jour d’application impose une nouvelle image, et souvent une image par service.

Une image minimale (« thin ») ne contient que Windows et ses mises à jour ; pilotes et applications sont ajoutés au déploiement par une séquence de tâches ou un outil de gestion. Plus simple à maintenir, plus lente à déployer.

Une image hybride contient ce dont tout le monde a besoin (environnements d’exécution, agent de sécurité, suite bureautique) et laisse le reste au déploiement : c’est le compromis habituel.`,

  'learn.deployment.title': 'Types de déploiement',
  'learn.deployment.body': `Bare metal (ordinateur neuf) : aucun système à conserver. On démarre WinPE depuis une clé USB ou le réseau (PXE), on partitionne le disque, on applique l’image, on ajoute les pilotes ; le premier démarrage spécialise Windows.

Actualisation (« refresh », effacer et recharger) : même ordinateur, nouvelle image. L’état utilisateur (documents, paramètres) est d’abord capturé — avec USMT ScanState, souvent dans un magasin de liens physiques sur le même disque — puis le disque est réimagé et LoadState restaure l’état.

Remplacement : l’utilisateur reçoit un nouvel ordinateur. L’état est capturé sur l’ancien vers un partage ou un support amovible, le nouveau est déployé en bare metal, l’état est restauré, puis l’ancien ordinateur est effacé.

La mise à niveau sur place lance le programme d’installation depuis le Windows en service et conserve applications, paramètres et données : c’est la voie privilégiée pour passer à une version plus récente de Windows.`,

  'learn.metadata.title': 'Métadonnées des fichiers : attributs, flux, sécurité',
  'learn.metadata.body': `Attributs : lecture seule, caché, système et archive (R, H, S, A dans les outils Windows), plus répertoire, compressé, chiffré, fichier fragmenté (sparse), point d’analyse, temporaire, hors connexion et non indexé.

Les flux nommés (flux de données alternatifs) accompagnent le contenu principal d’un fichier NTFS — Zone.Identifier marque un fichier venu d’Internet. Un WIM les conserve ; une clé FAT32 ne le peut pas.

Le descripteur de sécurité désigne le propriétaire, le groupe et la DACL (qui peut faire quoi). SDDL en est la forme texte : O:propriétaire G:groupe D:(ace)(ace)… Chaque ACE se lit type;indicateurs;droits;;;bénéficiaire : (A;;FA;;;SY) accorde le contrôle total à SYSTEM. Les fichiers système appartiennent à TrustedInstaller.

Les liens physiques sont plusieurs noms pour un même fichier : WinSxS et System32 partagent ainsi la plupart de leurs fichiers, et le WIM n’en stocke le contenu qu’une fois. Les points d’analyse — jonctions et liens symboliques — renvoient ailleurs : « Documents and Settings » est une jonction vers Users.

Le SHA-1 est l’identité du contenu dans le WIM : deux fichiers de même SHA-1 sont une seule ressource.`,

  'learn.logs.title': 'Journaux d’installation et de Sysprep (Panther)',
  'learn.logs.body': `Le programme d’installation de Windows écrit ses journaux dans des dossiers Panther : $Windows.~BT\\Sources\\Panther pendant la phase WinPE, Windows\\Panther pendant specialize et l’OOBE, Windows\\System32\\Sysprep\\Panther pour Sysprep.

setupact.log consigne chaque action ; setuperr.log seulement les erreurs et avertissements. Une ligne d’erreur nomme un composant et un HRESULT, par exemple 0x80070002 (fichier introuvable) ou 0x800F0242 (problème de paquet de pilote).

Un unattend.xml resté dans Windows\\Panther peut contenir des mots de passe : le base64 est un encodage, pas un chiffrement. Supprimez-le avant de capturer une image de référence.`,
};
