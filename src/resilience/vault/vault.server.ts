// The vault's HTTP face: `postcore vault serve`. There is no route that deletes or replaces anything; a
// DELETE is answered with why, so that an operator (or an attacker) learns it will never work.
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { handleError, handleNotFound } from '../../http/errors.ts';
import { newId } from '../../platform/ids.ts';
import { ResilienceError } from '../resilience-error.ts';
import { entryRequest, type Vault } from './vault.service.ts';

/** Builds the vault's server over an open vault. */
export async function buildVaultServer(vault: Vault, logger: FastifyBaseLogger, version: string) {
  const app = Fastify({
    loggerInstance: logger,
    genReqId: () => newId('req'),
    requestIdHeader: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  // Objects arrive as raw bytes and are streamed to disk, never held whole in memory.
  app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

  app.get('/health', async () => ({ status: 'ok', service: 'postcore-vault', version }));

  app.get('/v1/witness/key', async () => vault.witness.published());

  app.put(
    '/v1/objects/:sha256',
    { schema: { params: z.object({ sha256: z.string() }) } },
    async (req, reply) => {
      const token = vault.authenticate(req.headers.authorization, ['append'], 'store objects');
      if (req.headers['content-type'] !== 'application/octet-stream')
        throw new ResilienceError(
          'vault_entry_invalid',
          'Send an object as Content-Type: application/octet-stream',
          'Sai kiểu nội dung',
        );
      const stored = await vault.putObject(
        token,
        req.params.sha256,
        req.body as NodeJS.ReadableStream as never,
      );
      return reply.status(stored.created ? 201 : 200).send(stored);
    },
  );

  app.get(
    '/v1/objects/:sha256',
    { schema: { params: z.object({ sha256: z.string() }) } },
    async (req, reply) => {
      vault.authenticate(req.headers.authorization, ['restore'], 'read objects');
      const { stream, bytes } = vault.getObject(req.params.sha256);
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', bytes)
        .send(stream);
    },
  );

  app.delete('/*', async (req) => {
    // Authenticate first so that a stray token still learns it is unknown or expired.
    if (req.headers.authorization !== undefined)
      vault.authenticate(req.headers.authorization, ['append', 'restore'], 'delete');
    throw new ResilienceError(
      'vault_forbidden',
      'The vault never deletes or replaces anything: objects are kept write-once until their retention ends, whoever asks',
      'Kho sao lưu không bao giờ xóa hay ghi đè dữ liệu',
    );
  });

  app.post('/v1/entries', { schema: { body: entryRequest } }, async (req) => {
    const token = vault.authenticate(req.headers.authorization, ['append'], 'record entries');
    return vault.addEntry(token, req.body);
  });

  app.get(
    '/v1/entries',
    {
      schema: {
        querystring: z.object({
          after: z.coerce.number().int().nonnegative().default(0),
          limit: z.coerce.number().int().min(1).max(10_000).default(1000),
        }),
      },
    },
    async (req) => {
      vault.authenticate(req.headers.authorization, ['restore'], 'read the log');
      return { entries: vault.entries(req.query.after, req.query.limit) };
    },
  );

  app.get('/v1/acks', async (req) => {
    vault.authenticate(req.headers.authorization, ['append', 'restore'], 'read acknowledgements');
    return { cells: vault.acks(), files: vault.files(), witness_key_id: vault.witness.keyId };
  });

  return app;
}
