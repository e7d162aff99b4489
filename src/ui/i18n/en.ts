/**
 * English UI text: the reference table. Every key here must exist in fr.ts (the type MessageKey enforces it).
 * Error messages for ImagewrightError codes live in src/shared/messages.ts, shared with the CLI.
 */
import { explorerEn } from './explorer-en';
import { learnEn } from './learn-en';

export const en = {
  ...explorerEn,
  ...learnEn,
  'app.name': 'Imagewright',
  'app.tagline': 'Inspect Windows deployment images — WIM, ESD and split SWM — offline, in your browser.',
  'app.footer': 'Runs entirely on this device. Your files are never uploaded.',
  'locale.toggleLabel': 'Passer en français',

  'home.dropTitle': 'Drop a WIM, ESD or SWM file here',
  'home.dropHint': 'For a split image, pick or drop all of its .swm parts together.',
  'home.dropActive': 'Release to open',
  'home.open': 'Open file(s)…',
  'home.or': 'or',
  'home.sample': 'Open the sample image',
  'home.sampleHint': 'A small multi-image WIM bundled with the app, available offline.',

  'busy.reading': 'Reading {name}…',
  'busy.cancel': 'Cancel',

  'info.openAnother': 'Open another file',
  'info.fileSection': 'File',
  'info.resourcesSection': 'Tables in the file',
  'info.imagesSection': 'Images',
  'info.warnings': 'Warnings',

  'facts.size': 'Size',
  'facts.compression': 'Compression',
  'facts.chunkSize': 'Chunk size',
  'facts.version': 'WIM version',
  'facts.solid': 'Solid resources',
  'facts.guid': 'GUID',
  'facts.parts': 'Part',
  'facts.partsValue': '{part} of {total}',
  'facts.imageCount': 'Images',
  'facts.bootIndex': 'Boot index',
  'facts.integrity': 'Integrity table',
  'facts.flags': 'Header flags',
  'facts.layout': 'Layout',
  'facts.pipable': 'Pipable (WLPWM)',
  'facts.standard': 'Standard (MSWIM)',
  'facts.blobs': 'Blobs',
  'facts.no': 'No',
  'facts.none': 'None',
  'facts.present': 'Present',
  'facts.absent': 'None',

  'resource.name': 'Table',
  'resource.offset': 'Offset',
  'resource.sizeInWim': 'Size in file',
  'resource.uncompressedSize': 'Original size',
  'resource.blobTable': 'Blob table',
  'resource.xmlData': 'XML data',
  'resource.bootMetadata': 'Boot metadata',
  'resource.integrityTable': 'Integrity table',

  'image.title': 'Image {index}',
  'image.unnamed': 'Untitled image',
  'image.bootable': 'Boot image',
  'image.displayName': 'Display name',
  'image.displayDescription': 'Display description',
  'image.edition': 'Edition',
  'image.flags': 'Flags',
  'image.productName': 'Product',
  'image.installationType': 'Installation type',
  'image.version': 'Version',
  'image.build': 'Build',
  'image.spBuild': 'SP build',
  'image.architecture': 'Architecture',
  'image.languages': 'Languages',
  'image.defaultLanguage': 'default',
  'image.files': 'Files',
  'image.directories': 'Directories',
  'image.totalBytes': 'Total size',
  'image.created': 'Created',
  'image.modified': 'Modified',
  'image.allProperties': 'All XML properties ({count})',
  'image.property': 'Property',
  'image.value': 'Value',

  'error.title': 'This file could not be opened',
  'error.code': 'Error code',
  'error.offset': 'Byte offset',
  'error.path': 'Location',
  'error.unexpected': 'Something unexpected went wrong',
  'error.back': 'Back',
  'error.reload': 'Reload the app',

  'update.ready': 'A new version of Imagewright is ready.',
  'update.apply': 'Update now',
  'update.later': 'Later',
  'notice.dismiss': 'Dismiss',
  'offline.ready': 'Imagewright is now available offline.',
} as const;

export type MessageKey = keyof typeof en;
export type MessageTable = Record<MessageKey, string>;
