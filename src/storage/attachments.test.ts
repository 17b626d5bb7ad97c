import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createAttachments } from './attachments.ts';

describe('attachments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'postcore-att-'));
  const store = createAttachments(dir);

  it('are named by their SHA-256, kept once, read-only, and read back as written', async () => {
    const p = await store.receive(
      Readable.from([Buffer.from('cccd,ho_ten\n'), Buffer.from('001185000001,Lê Thị Hoa\n')]),
      1000,
    );
    assert.equal(p.sha256, 'a'.repeat(0) + p.sha256);
    assert.match(p.sha256, /^[0-9a-f]{64}$/);
    assert.equal(store.has(p.sha256), false, 'not kept yet');
    const kept = p.keep();
    assert.equal(store.has(kept.sha256), true);
    assert.equal(statSync(p.path).mode & 0o777, 0o444);
    assert.equal(await text(store.open(kept.sha256)), 'cccd,ho_ten\n001185000001,Lê Thị Hoa\n');
    const again = await store.receive(
      Readable.from([Buffer.from('cccd,ho_ten\n001185000001,Lê Thị Hoa\n')]),
      1000,
    );
    assert.equal(again.sha256, kept.sha256);
    again.keep();
    assert.deepEqual(readdirSync(join(dir, 'incoming')), [], 'nothing left behind');
  });

  it('refuse a file over the limit and leave nothing; a changed file fails when read', async () => {
    await assert.rejects(store.receive(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000), {
      code: 'attachment_too_large',
    });
    assert.deepEqual(readdirSync(join(dir, 'incoming')), []);
    // Refused at the first chunk, before the file has even opened: nothing may appear afterwards either.
    for (let i = 0; i < 20; i++)
      await assert.rejects(store.receive(Readable.from([Buffer.alloc(2000)]), 1000), {
        code: 'attachment_too_large',
      });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(readdirSync(join(dir, 'incoming')), []);
    const p = await store.receive(Readable.from([Buffer.from('x')]), 10);
    p.keep();
    chmodSync(p.path, 0o644);
    writeFileSync(p.path, 'y');
    await assert.rejects(text(store.open(p.sha256)), { code: 'attachment_corrupt' });
    assert.throws(() => store.open('0'.repeat(64)), { code: 'attachment_missing' });
  });
});
