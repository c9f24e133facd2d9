import { readFileSync } from 'node:fs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { renderCertificate } from '../../src/documents/certificate';
import { SNIFF_BYTES, sniffMimeType } from '../../src/documents/sniff';
import { applicantId } from './fixtures';

// A photo saved by a real encoder (pdftoppm's libjpeg), not bytes written to match the check.
const jpeg = readFileSync(new URL('./samples/scan.jpg', import.meta.url));

describe('sniffMimeType', () => {
  it('recognises real PDF, PNG and JPEG files by their first bytes', async () => {
    const pdf = await renderCertificate({
      certificateNumber: 'N1',
      name: '张伟',
      idNumber: applicantId,
      level: 'junior',
      specialty: '建设工程',
      year: 2021,
      issuedOn: '2021-12-06',
      issuer: '慈溪市人力资源和社会保障局',
      committee: '慈溪市工程技术人员中级专业技术职务任职资格评审委员会',
      verificationUrl: 'https://example.cn/v',
      verificationCode: 'C1',
      verificationPage: 'https://example.cn/v',
    });
    expect(sniffMimeType(pdf)).toBe('application/pdf');
    expect(sniffMimeType(await QRCode.toBuffer('x'))).toBe('image/png');
    expect(sniffMimeType(jpeg)).toBe('image/jpeg');
  });

  it('needs no more than the head of the file', async () => {
    expect(sniffMimeType(jpeg.subarray(0, SNIFF_BYTES))).toBe('image/jpeg');
    expect(sniffMimeType((await QRCode.toBuffer('x')).subarray(0, SNIFF_BYTES))).toBe('image/png');
  });

  it('refuses a text file, whatever it is named, and heads too short to tell', () => {
    const renamedText = Buffer.from('毕业证书扫描件.pdf — actually a text file\n', 'utf8');
    expect(sniffMimeType(renamedText)).toBeNull();
    expect(sniffMimeType(Buffer.from('PDF-1.7 without its percent sign'))).toBeNull();
    expect(sniffMimeType(new Uint8Array())).toBeNull();
    expect(sniffMimeType(Uint8Array.of(0x89, 0x50, 0x4e, 0x47))).toBeNull();
    expect(sniffMimeType(Uint8Array.of(0xff, 0xd8))).toBeNull();
  });
});
