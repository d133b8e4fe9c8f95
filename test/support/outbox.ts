import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { PDFParse } from 'pdf-parse';

/** Reads what the training outbox holds for a contact: the text, the email, the letter. */
export class Outbox {
  constructor(readonly dir: string) {}

  async sms(contactId: string): Promise<{ to: string; from: string; body: string }> {
    return JSON.parse(await readFile(join(this.dir, 'sms', `${contactId}.json`), 'utf8'));
  }

  async email(contactId: string): Promise<ParsedMail> {
    return simpleParser(await readFile(join(this.dir, 'email', `${contactId}.eml`)));
  }

  async letterText(contactId: string): Promise<{ text: string; pages: number }> {
    return pdfText(await readFile(join(this.dir, 'letters', `${contactId}.pdf`)));
  }
}

export async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return { text: result.text.replace(/\s+/g, ' '), pages: result.pages.length };
  } finally {
    await parser.destroy();
  }
}
