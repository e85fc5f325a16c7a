import { SseParser } from './sse.js';
import type { Answer, AnswerHead, ApiError, AskBody, DocumentList, ParagraphView, SentenceEvent, Stats } from './types.js';

/** A failure the page can explain: what went wrong in words, and whether asking again may help. */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly code: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

const NETWORK_MESSAGE = 'Could not reach the server. Check that it is still running, then try again.';

function isApiError(body: unknown): body is ApiError {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

/** Turns a non-2xx response into a RequestError carrying the server's own message when it sent one. */
async function failure(response: Response): Promise<RequestError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page, say): fall back to the status.
  }
  const code = isApiError(body) ? body.error.code : `http_${response.status}`;
  // Overload, rate limits and timeouts pass; saying so lets the reader retry instead of rewording.
  const passing: Record<string, string> = {
    loading: 'The server is still loading the documents. Try again in a few seconds.',
    overloaded: 'The server is busy answering other questions. Try again in a moment.',
    rate_limited: 'Too many questions in a short time. Wait a moment, then try again.',
    timeout: 'The answer took too long. Try again, or ask a narrower question.',
  };
  if (passing[code] !== undefined) return new RequestError(passing[code], true, code);
  if (response.status === 503) return new RequestError(passing.loading!, true, code);
  if (response.status >= 400 && response.status < 500) {
    const detail = isApiError(body) ? body.error.message : `${response.status} ${response.statusText}`;
    return new RequestError(`The server could not accept this question (${detail}).`, false, code);
  }
  return new RequestError(`The server ran into a problem (${response.status}). Try again; if it keeps failing, check the server log.`, true, code);
}

async function request(url: string, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new RequestError(NETWORK_MESSAGE, true, 'network');
  }
  if (!response.ok) throw await failure(response);
  return response;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await request(url, { headers: { accept: 'application/json' } });
  try {
    return (await response.json()) as T;
  } catch {
    throw new RequestError('The server sent a reply the page cannot read. Try again.', true, 'bad_response');
  }
}

export const fetchStats = (): Promise<Stats> => getJson<Stats>('/api/stats');

/** The indexed documents, and the example questions the corpus comes with. */
export async function fetchDocuments(): Promise<DocumentList> {
  const list = await getJson<Partial<DocumentList>>('/api/documents');
  if (!Array.isArray(list.documents)) throw new RequestError('The server sent a reply the page cannot read. Try again.', true, 'bad_response');
  return { documents: list.documents, examples: Array.isArray(list.examples) ? list.examples : [] };
}

export async function fetchParagraph(id: string): Promise<ParagraphView | null> {
  try {
    return await getJson<ParagraphView>(`/api/paragraphs/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error instanceof RequestError && error.code === 'not_found') return null;
    throw error;
  }
}

export interface AskHandlers {
  /** Everything but the sentences: citations, layout, abstention, resolved question. */
  onHead(head: AnswerHead): void;
  onSentence(sentence: SentenceEvent): void;
}

/**
 * Asks over POST /api/ask/stream and reports the answer as it arrives; resolves with the whole answer from
 * the `done` event. Rejects with a RequestError on HTTP, network or stream errors (never leaves a caller
 * waiting on a stream that stopped without `done`).
 */
export async function askStream(body: AskBody, handlers: AskHandlers, signal?: AbortSignal): Promise<Answer> {
  const response = await request('/api/ask/stream', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.body) throw new RequestError('The server sent an empty reply. Try again.', true, 'bad_response');

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<string>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (error instanceof DOMException && error.name === 'AbortError') throw error;
        throw new RequestError('The connection was lost while the answer was arriving. Try again.', true, 'network');
      }
      if (chunk.done) break;
      for (const event of parser.push(chunk.value)) {
        let data: unknown;
        try {
          data = JSON.parse(event.data);
        } catch {
          throw new RequestError('The server sent a reply the page cannot read. Try again.', true, 'bad_response');
        }
        switch (event.event) {
          case 'citations':
            handlers.onHead(data as AnswerHead);
            break;
          case 'sentence':
            handlers.onSentence(data as SentenceEvent);
            break;
          case 'done':
            return data as Answer;
          case 'error': {
            const message = isApiError(data) ? data.error.message : 'The server could not answer.';
            throw new RequestError(`${message.replace(/\.?$/, '.')} Try again.`, true, isApiError(data) ? data.error.code : 'stream_error');
          }
          default:
            // An event this page does not know yet: ignore it, so the server can add new ones.
            break;
        }
      }
    }
  } finally {
    // Done, failed or aborted: let go of the connection either way.
    reader.cancel().catch(() => undefined);
  }
  throw new RequestError('The answer stopped before it was complete. Try again.', true, 'incomplete');
}
