import { PDFArray, PDFDocument, PDFHexString, PDFName, PDFString, type PDFObject } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renumberStructureIds } from '../../src/print/pdf-structure-ids.js';

/** The text of a string object, however it is written. */
const text = (object: PDFObject | undefined): string | undefined => (object instanceof PDFString || object instanceof PDFHexString ? object.decodeText() : undefined);

describe('the structure ids of a printed PDF', () => {
  it('are renumbered in their order wherever they are named, however the string is written', async () => {
    const document = await PDFDocument.create();
    const { context } = document;
    // As Chromium numbers them in a tab that printed before: high, with gaps.
    const cell = context.obj({ S: 'TD', ID: PDFString.of('node00000912') });
    const header = context.obj({ S: 'TH', ID: PDFHexString.fromText('node00000377') });
    const headerAttributes = context.obj({ O: 'Table', Headers: [PDFString.of('node00000377')] });
    cell.set(PDFName.of('A'), headerAttributes);
    const utf16 = context.obj({ S: 'P', ID: PDFHexString.of('FEFF006E006F0064006500300030003000300030003000300035') });
    const idTree = context.obj({ Limits: [PDFString.of('node00000005'), PDFString.of('node00000912')], Names: [PDFString.of('node00000005'), context.register(utf16), PDFString.of('node00000377'), context.register(header), PDFString.of('node00000912'), context.register(cell)] });
    // Strings that are not ids, or only look like one inside, stay as they are.
    const text1 = context.obj({ S: 'Span', ActualText: PDFHexString.fromText('node00000001 is a word here'), Alt: PDFString.of('node'), T: PDFHexString.fromText('Qarabağ') });
    context.register(context.obj({ Type: 'StructTreeRoot', IDTree: context.register(idTree), K: [context.register(text1)] }));

    renumberStructureIds(document);

    expect([text(utf16.get(PDFName.of('ID'))), text(header.get(PDFName.of('ID'))), text(cell.get(PDFName.of('ID')))]).toEqual(['node00000001', 'node00000002', 'node00000003']);
    expect(text((headerAttributes.get(PDFName.of('Headers')) as PDFArray).get(0))).toBe('node00000002');
    const names = idTree.get(PDFName.of('Names')) as PDFArray;
    expect([0, 2, 4].map((index) => text(names.get(index)))).toEqual(['node00000001', 'node00000002', 'node00000003']);
    expect((idTree.get(PDFName.of('Limits')) as PDFArray).asArray().map(text)).toEqual(['node00000001', 'node00000003']);
    expect([text1.get(PDFName.of('ActualText')), text1.get(PDFName.of('Alt')), text1.get(PDFName.of('T'))].map(text)).toEqual(['node00000001 is a word here', 'node', 'Qarabağ']);
  });
});
