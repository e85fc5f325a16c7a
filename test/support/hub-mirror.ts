import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A loopback stand-in for the Hugging Face hub or an organisation's mirror of it: it serves model folders in the
 * hub's URL layout (`/<owner>/<name>/resolve/main/<file>`), which is what transformers.js requests, so the
 * product's real download path runs against it. Each model can be made to fail the ways real networks do.
 */

/** How the mirror serves one model's files. */
export type MirrorBehaviour =
  /** Every file as it is. */
  | 'serve'
  /** The ONNX file cut to a third, sent complete (a matching Content-Length): a bad upload or a proxy's cut. */
  | 'truncated-onnx'
  /** The ONNX file's headers promise the whole file, then the connection closes a third of the way in. */
  | 'broken-connection'
  /** Accepts the connection and never answers. */
  | 'silent';

export interface MirrorModel {
  /** The folder whose files the mirror serves under the model id. */
  folder: string;
  behaviour?: MirrorBehaviour;
}

export interface HubMirror {
  /** `http://127.0.0.1:<port>`, for MODELS_REMOTE_HOST. */
  url: string;
  /** Every path requested, in order. */
  requests: string[];
  /** Stops listening and drops open connections (so a "silent" request ends too). */
  close(): Promise<void>;
}

const RESOLVE = /^\/(.+?)\/resolve\/[^/]+\/(.+)$/;

/**
 * Starts the mirror on a free loopback port; model ids not in `models` get 404 for every file, as on the hub.
 * @example
 * const mirror = await startHubMirror({ 'test-org/minilm': { folder: BUNDLED_MODEL_FOLDER } });
 */
export function startHubMirror(models: Record<string, MirrorModel>): Promise<HubMirror> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const url = decodeURIComponent(new URL(request.url ?? '/', 'http://mirror').pathname);
    requests.push(url);
    const match = RESOLVE.exec(url);
    const model = match ? models[match[1]!] : undefined;
    const file = match && model ? path.join(model.folder, match[2]!) : undefined;
    if (model?.behaviour === 'silent') return;
    if (file === undefined || !file.startsWith(model!.folder) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Entry not found');
      return;
    }
    const body = fs.readFileSync(file);
    const isOnnx = file.endsWith('.onnx');
    const cut = body.subarray(0, Math.floor(body.length / 3));
    if (isOnnx && model!.behaviour === 'truncated-onnx') {
      response.writeHead(200, { 'content-length': cut.length }).end(cut);
    } else if (isOnnx && model!.behaviour === 'broken-connection') {
      response.writeHead(200, { 'content-length': body.length });
      response.write(cut, () => response.socket?.destroy());
    } else {
      response.writeHead(200, { 'content-length': body.length }).end(body);
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
