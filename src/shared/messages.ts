/**
 * The one message table for error codes, in English and French. Placeholders are `{name}`; every error may
 * also carry `where` (a byte offset or a path) and `detail`, which the formatter appends.
 */
import { ErrorCode, type ErrorCodeName } from './error-codes';

export type Locale = 'en' | 'fr';

type Table = Record<ErrorCodeName, string>;

const en: Table = {
  IO_READ_FAILED: 'The file could not be read',
  TRUNCATED: 'The file ends too early: {need} bytes were expected but only {have} are there',
  READ_TOO_LARGE: 'A single read of {length} bytes is larger than the {limit}-byte limit',
  FILE_TOO_SMALL: 'The file is only {size} bytes long; a WIM header alone needs 208',
  NOT_A_WIM: 'This is not a WIM, ESD or SWM file (its first bytes are {magic}, not MSWIM)',
  BAD_HEADER_SIZE: 'The WIM header says it is {size} bytes long; only 208 is valid',
  UNSUPPORTED_VERSION: 'WIM version {version} is not supported (0x10D00 for WIM, 0xE00 for ESD)',
  BAD_PART_NUMBER: 'Split part {part} of {total} is impossible',
  BAD_CHUNK_SIZE: 'Chunk size {chunkSize} is not valid for {codec}',
  BAD_COMPRESSION_FLAGS: 'The compression flags {flags} are contradictory',
  RESOURCE_OUT_OF_BOUNDS: 'The {what} lies outside the file (offset {offset}, {size} bytes, file is {fileSize} bytes)',
  BAD_RESOURCE_HEADER: 'The resource header of the {what} is invalid',
  BAD_BLOB_TABLE: 'The blob table is invalid',
  BAD_XML: 'The XML description of the images is invalid',
  IMAGE_COUNT_MISMATCH: 'The header announces {header} images but the XML describes {xml}',
  ENCRYPTED_ESD: 'This ESD is encrypted (as downloaded by Windows Update) and cannot be read',
  SPLIT_PART_MISSING: 'Part {part} of this split image is missing',
  SPLIT_PART_MISMATCH: 'This part does not belong to the same split image',
  BAD_BOOT_INDEX: 'The boot index {bootIndex} is larger than the image count {imageCount}',
  BAD_SOLID_RESOURCE: 'A solid resource is invalid',
  BAD_PIPABLE_LAYOUT: 'The pipable WIM layout is invalid',
  BAD_INTEGRITY_TABLE: 'The integrity table is invalid',
  IMAGE_NOT_FOUND: 'There is no image "{image}" in this file',
  TOO_MANY_IMAGES: 'The header announces {count} images; at most {limit} are supported',
  XML_TOO_LARGE: 'The XML description is {size} bytes long; at most {limit} bytes are accepted',
  CODEC_CORRUPT_DATA: 'Compressed data is corrupt',
  CODEC_UNSUPPORTED: 'Compression format {codec} is not supported',
  CODEC_LOAD_FAILED: 'The decompression module could not be loaded',
  COMPRESSION_LEVEL_INVALID: 'Compression level {level} is not valid for {codec} (use a whole number from 1 to 100)',
  HASH_MISMATCH: 'The data does not match its SHA-1 checksum',
  BAD_METADATA: 'The image metadata is invalid',
  BAD_DENTRY: 'A directory entry is invalid',
  BAD_SECURITY_DATA: 'The security descriptors are invalid',
  TREE_TOO_DEEP: 'The directory tree is too deep or cyclic',
  BLOB_MISSING: 'File data is missing from this image',
  UNSAFE_PATH: 'A file name would escape the target folder',
  PATH_NOT_FOUND: 'There is no "{path}" in the image',
  BAD_REPARSE_DATA: 'The link (reparse point) data is invalid',
  ENTRY_NOT_A_FILE: '"{path}" is a folder, not a file',
  BAD_PE_FILE: 'The executable (PE) file is invalid',
  BAD_SECURITY_DESCRIPTOR: 'The security descriptor is invalid',
  TARGET_EXISTS: '"{name}" already exists in the target folder',
  ENGINE_FAILED: 'The engine stopped unexpectedly',
  UNSUPPORTED_FILE_TYPE: 'This kind of file is not supported',
  PERMISSION_DENIED: 'Permission to use the file was refused',
  INVALID_ARGUMENT: 'Invalid argument',
  CATALOG_UNAVAILABLE: 'The image catalog could not be opened (IndexedDB is unavailable or failed)',
  CATALOG_NEWER_VERSION: 'The catalog was upgraded by a newer Imagewright (version {found}, this one knows {known}); reload this tab',
  CATALOG_ENTRY_NOT_FOUND: 'There is no catalog entry {id}',
  CATALOG_FILE_MISSING: 'The image file is gone or was moved; pick it again to relink the entry',
  CATALOG_NOT_LINKED: 'This entry is not linked to a file; pick the file again to relink it',
  CATALOG_RELINK_MISMATCH: 'The picked file is not the catalogued one ({what}: expected {expected}, found {found})',
  CATALOG_IMPORT_INVALID: 'This is not a valid Imagewright catalog export',
  CATALOG_SOURCE_CHANGED: 'The image file changed since it was catalogued (SHA-256 {found} instead of {expected})',
  TARGET_TOO_LARGE_FOR_FAT32: 'The image is {size} bytes; a FAT32 target holds at most 4294967295 bytes per file. Split it or use an exFAT or NTFS target',
  TARGET_NO_SPACE: 'The target has no room for {size} bytes',
  TARGET_FILE_TOO_LARGE: 'The target refuses a file of {size} bytes (its file system limit is lower, e.g. FAT32 at 4294967295 bytes)',
  DISTRIBUTION_WRITE_FAILED: 'Writing to the target failed',
  DISTRIBUTION_MISMATCH: 'The copy read back from the target does not match (SHA-256 {found} instead of {expected})',
  CATALOG_BLOCKED: 'The catalog is held open by another Imagewright tab running an older version; close or reload that tab',
  SWM_PARTS_MISSING: 'Parts {missing} of this {total}-part split image are missing: also pick {names}',
  SESSION_NOT_FOUND: 'This image is no longer open; open it again',
  TARGET_WRITE_FAILED: 'Writing "{name}" to the target folder failed',
  DOWNLOAD_UNAVAILABLE: 'A streamed download needs the offline service worker; reload the page and try again',
  WRITE_FAILED: 'The output file could not be written',
  CAPTURE_UNSUPPORTED_FILE: 'This kind of file cannot be captured into an image',
  BAD_CAPTURE_CONFIG: 'The capture configuration file is invalid',
  IMAGE_NAME_TAKEN: 'An image named "{name}" already exists in this file',
  BAD_IMAGE_PROPERTY: 'The image property "{property}" cannot be set',
  INTEGRITY_NEEDS_READBACK: 'An integrity table cannot be written to this destination (it cannot read back what it wrote)',
  BAD_SPLIT_SIZE: 'The part size {size} is too small to split this image',
  BAD_WRITE_OPTIONS: 'These write options cannot be combined',
  SOURCE_CHANGED: 'A file changed while it was being captured',
  INPLACE_SPLIT_PART: 'A part of a split image cannot be modified; join the set first',
  INPLACE_PIPABLE: 'A pipable WIM cannot be modified in place; rewrite it whole (--rebuild)',
  INPLACE_WRITE_IN_PROGRESS: 'The header of this file says a write is in progress: another program may be changing it, or one stopped while writing. It is not modified in place; check it, then rewrite it whole (--rebuild)',
  INPLACE_FILE_CHANGED: 'The file changed since it was read ({have} bytes instead of {expected}); nothing was written',
  INPLACE_WOULD_OVERWRITE: 'An in-place update must not overwrite the existing data (a write of {length} bytes at {position}, inside the first {size})',
  INPLACE_RESTORE_FAILED: 'The update failed and the file could not be put back as it was; it may be damaged',
  INPLACE_NEEDS_REBUILD: 'This change cannot be made in place ({reason}); rewrite the file whole (--rebuild)',
};

const fr: Table = {
  IO_READ_FAILED: 'Le fichier n’a pas pu être lu',
  TRUNCATED: 'Le fichier s’arrête trop tôt : {need} octets étaient attendus, il n’y en a que {have}',
  READ_TOO_LARGE: 'Une lecture de {length} octets dépasse la limite de {limit} octets',
  FILE_TOO_SMALL: 'Le fichier ne fait que {size} octets ; un en-tête WIM seul en demande 208',
  NOT_A_WIM: 'Ce n’est pas un fichier WIM, ESD ou SWM (ses premiers octets sont {magic}, pas MSWIM)',
  BAD_HEADER_SIZE: 'L’en-tête WIM annonce {size} octets ; seule la valeur 208 est valide',
  UNSUPPORTED_VERSION: 'La version WIM {version} n’est pas prise en charge (0x10D00 pour WIM, 0xE00 pour ESD)',
  BAD_PART_NUMBER: 'La partie {part} sur {total} d’une image fractionnée est impossible',
  BAD_CHUNK_SIZE: 'La taille de bloc {chunkSize} n’est pas valide pour {codec}',
  BAD_COMPRESSION_FLAGS: 'Les indicateurs de compression {flags} se contredisent',
  RESOURCE_OUT_OF_BOUNDS: 'La ressource « {what} » sort du fichier (position {offset}, {size} octets, fichier de {fileSize} octets)',
  BAD_RESOURCE_HEADER: 'L’en-tête de ressource de « {what} » est invalide',
  BAD_BLOB_TABLE: 'La table des blobs est invalide',
  BAD_XML: 'La description XML des images est invalide',
  IMAGE_COUNT_MISMATCH: 'L’en-tête annonce {header} images mais le XML en décrit {xml}',
  ENCRYPTED_ESD: 'Cet ESD est chiffré (tel que téléchargé par Windows Update) et ne peut pas être lu',
  SPLIT_PART_MISSING: 'La partie {part} de cette image fractionnée manque',
  SPLIT_PART_MISMATCH: 'Cette partie n’appartient pas à la même image fractionnée',
  BAD_BOOT_INDEX: 'L’index de démarrage {bootIndex} dépasse le nombre d’images {imageCount}',
  BAD_SOLID_RESOURCE: 'Une ressource solide est invalide',
  BAD_PIPABLE_LAYOUT: 'La structure du WIM « pipable » est invalide',
  BAD_INTEGRITY_TABLE: 'La table d’intégrité est invalide',
  IMAGE_NOT_FOUND: 'Ce fichier ne contient pas d’image « {image} »',
  TOO_MANY_IMAGES: 'L’en-tête annonce {count} images ; au plus {limit} sont prises en charge',
  XML_TOO_LARGE: 'La description XML fait {size} octets ; au plus {limit} octets sont acceptés',
  CODEC_CORRUPT_DATA: 'Des données compressées sont corrompues',
  CODEC_UNSUPPORTED: 'Le format de compression {codec} n’est pas pris en charge',
  CODEC_LOAD_FAILED: 'Le module de décompression n’a pas pu être chargé',
  COMPRESSION_LEVEL_INVALID: 'Le niveau de compression {level} n’est pas valide pour {codec} (nombre entier de 1 à 100)',
  HASH_MISMATCH: 'Les données ne correspondent pas à leur somme SHA-1',
  BAD_METADATA: 'Les métadonnées de l’image sont invalides',
  BAD_DENTRY: 'Une entrée de répertoire est invalide',
  BAD_SECURITY_DATA: 'Les descripteurs de sécurité sont invalides',
  TREE_TOO_DEEP: 'L’arborescence est trop profonde ou cyclique',
  BLOB_MISSING: 'Des données de fichier manquent dans cette image',
  UNSAFE_PATH: 'Un nom de fichier sortirait du dossier cible',
  PATH_NOT_FOUND: 'L’image ne contient pas « {path} »',
  BAD_REPARSE_DATA: 'Les données du lien (point d’analyse) sont invalides',
  ENTRY_NOT_A_FILE: '« {path} » est un dossier, pas un fichier',
  BAD_PE_FILE: 'Le fichier exécutable (PE) est invalide',
  BAD_SECURITY_DESCRIPTOR: 'Le descripteur de sécurité est invalide',
  TARGET_EXISTS: '« {name} » existe déjà dans le dossier cible',
  ENGINE_FAILED: 'Le moteur s’est arrêté de façon inattendue',
  UNSUPPORTED_FILE_TYPE: 'Ce type de fichier n’est pas pris en charge',
  PERMISSION_DENIED: 'L’accès au fichier a été refusé',
  INVALID_ARGUMENT: 'Argument invalide',
  CATALOG_UNAVAILABLE: 'Le catalogue d’images n’a pas pu être ouvert (IndexedDB indisponible ou en échec)',
  CATALOG_NEWER_VERSION: 'Le catalogue a été mis à niveau par un Imagewright plus récent (version {found}, celui-ci connaît {known}) ; rechargez cet onglet',
  CATALOG_ENTRY_NOT_FOUND: 'Le catalogue ne contient pas d’entrée {id}',
  CATALOG_FILE_MISSING: 'Le fichier image a disparu ou a été déplacé ; choisissez-le à nouveau pour relier l’entrée',
  CATALOG_NOT_LINKED: 'Cette entrée n’est reliée à aucun fichier ; choisissez le fichier à nouveau pour la relier',
  CATALOG_RELINK_MISMATCH: 'Le fichier choisi n’est pas celui du catalogue ({what} : {expected} attendu, {found} trouvé)',
  CATALOG_IMPORT_INVALID: 'Ce n’est pas un export valide de catalogue Imagewright',
  CATALOG_SOURCE_CHANGED: 'Le fichier image a changé depuis son ajout au catalogue (SHA-256 {found} au lieu de {expected})',
  TARGET_TOO_LARGE_FOR_FAT32: 'L’image fait {size} octets ; une cible FAT32 accepte au plus 4294967295 octets par fichier. Fractionnez-la ou utilisez une cible exFAT ou NTFS',
  TARGET_NO_SPACE: 'La cible n’a pas la place pour {size} octets',
  TARGET_FILE_TOO_LARGE: 'La cible refuse un fichier de {size} octets (la limite de son système de fichiers est plus basse, par exemple 4294967295 octets en FAT32)',
  DISTRIBUTION_WRITE_FAILED: 'L’écriture sur la cible a échoué',
  DISTRIBUTION_MISMATCH: 'La copie relue sur la cible ne correspond pas (SHA-256 {found} au lieu de {expected})',
  CATALOG_BLOCKED: 'Le catalogue est tenu ouvert par un autre onglet Imagewright d’une version plus ancienne ; fermez ou rechargez cet onglet',
  SWM_PARTS_MISSING: 'Il manque les parties {missing} de cette image fractionnée en {total} parties : choisissez aussi {names}',
  SESSION_NOT_FOUND: 'Cette image n’est plus ouverte ; ouvrez-la de nouveau',
  TARGET_WRITE_FAILED: 'L’écriture de « {name} » dans le dossier cible a échoué',
  DOWNLOAD_UNAVAILABLE: 'Un téléchargement en flux a besoin du service worker hors ligne ; rechargez la page et réessayez',
  WRITE_FAILED: 'Le fichier de sortie n’a pas pu être écrit',
  CAPTURE_UNSUPPORTED_FILE: 'Ce type de fichier ne peut pas être capturé dans une image',
  BAD_CAPTURE_CONFIG: 'Le fichier de configuration de capture est invalide',
  IMAGE_NAME_TAKEN: 'Une image nommée « {name} » existe déjà dans ce fichier',
  BAD_IMAGE_PROPERTY: 'La propriété d’image « {property} » ne peut pas être modifiée',
  INTEGRITY_NEEDS_READBACK: 'Impossible d’écrire une table d’intégrité vers cette destination (elle ne peut pas relire ce qu’elle a écrit)',
  BAD_SPLIT_SIZE: 'La taille de partie {size} est trop petite pour découper cette image',
  BAD_WRITE_OPTIONS: 'Ces options d’écriture ne peuvent pas être combinées',
  SOURCE_CHANGED: 'Un fichier a changé pendant sa capture',
  INPLACE_SPLIT_PART: 'Une partie d’une image fractionnée ne peut pas être modifiée ; réunissez d’abord les parties',
  INPLACE_PIPABLE: 'Un WIM « pipable » ne peut pas être modifié sur place ; réécrivez-le en entier (--rebuild)',
  INPLACE_WRITE_IN_PROGRESS: 'L’en-tête de ce fichier indique une écriture en cours : un autre programme le modifie peut-être, ou l’un s’est arrêté pendant l’écriture. Il n’est pas modifié sur place ; vérifiez-le, puis réécrivez-le en entier (--rebuild)',
  INPLACE_FILE_CHANGED: 'Le fichier a changé depuis sa lecture ({have} octets au lieu de {expected}) ; rien n’a été écrit',
  INPLACE_WOULD_OVERWRITE: 'Une mise à jour sur place ne doit pas écraser les données existantes (écriture de {length} octets à {position}, dans les {size} premiers)',
  INPLACE_RESTORE_FAILED: 'La mise à jour a échoué et le fichier n’a pas pu être remis dans son état d’avant ; il est peut-être endommagé',
  INPLACE_NEEDS_REBUILD: 'Cette modification ne peut pas se faire sur place ({reason}) ; réécrivez le fichier en entier (--rebuild)',
};

const WHERE_LABEL: Record<Locale, { offset: string; path: string }> = {
  en: { offset: 'at byte offset', path: 'at' },
  fr: { offset: 'à la position', path: 'dans' },
};

export const MESSAGES: Record<Locale, Table> = { en, fr };

export interface MessageArgs {
  code: number;
  params?: Record<string, string | number | bigint>;
  offset?: number | bigint;
  path?: string;
  detail?: string;
}

/** Renders one error in the given locale: "message (at byte offset 0x1234 = 4660): detail". */
export function formatMessage(args: MessageArgs, locale: Locale = 'en'): string {
  const name = (Object.keys(ErrorCode) as ErrorCodeName[]).find((n) => ErrorCode[n] === args.code);
  let text = name ? MESSAGES[locale][name] : `Error ${args.code}`;
  text = text.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = args.params?.[key];
    return value === undefined ? whole : String(value);
  });
  const where: string[] = [];
  if (args.offset !== undefined) {
    const n = BigInt(args.offset);
    where.push(`${WHERE_LABEL[locale].offset} 0x${n.toString(16)} (${n})`);
  }
  if (args.path !== undefined) where.push(`${WHERE_LABEL[locale].path} ${args.path}`);
  if (where.length) text += ` ${where.join(', ')}`;
  if (args.detail) text += `: ${args.detail}`;
  return text;
}
