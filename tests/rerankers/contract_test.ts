import { createCohereReranker } from "../../src/rerankers/cohere.ts";
import { createDummyReranker } from "../../src/rerankers/dummy.ts";
import { createHttpReranker } from "../../src/rerankers/http.ts";
import { HTTP_PROTOCOLS } from "../../src/rerankers/http_protocols.ts";
import { rerankerContract } from "./contract.ts";
import { type FakeHandler, fakeScore, startFakeServer } from "./fake_server.ts";
import {
  cohereHandler,
  jinaHandler,
  mixedbreadHandler,
  teiHandler,
  transformersHandler,
  voyageHandler,
} from "./fakes.ts";

const TIMEOUT_MS = 5000;

rerankerContract("reranker-dummy", () =>
  Promise.resolve({
    reranker: createDummyReranker(),
    expected: (d: string) => new TextEncoder().encode(d).length,
    calls: () => 0,
    close: () => Promise.resolve(),
  }));

rerankerContract("reranker-cohere", () => {
  const server = startFakeServer(cohereHandler);
  return Promise.resolve({
    reranker: createCohereReranker({
      baseURL: server.url,
      env: () => undefined,
      timeoutMs: TIMEOUT_MS,
    }),
    expected: fakeScore,
    calls: () => server.requests.length,
    headers: { "x-cohere-api-key": "contract-key" },
    close: () => server.close(),
  });
});

const HTTP_FAKES: Record<string, FakeHandler> = {
  "reranker-transformers": transformersHandler,
  "reranker-tei": teiHandler,
  "reranker-jinaai": jinaHandler,
  "reranker-voyageai": voyageHandler,
  "reranker-mixedbread": mixedbreadHandler,
};

for (const [module, handler] of Object.entries(HTTP_FAKES)) {
  rerankerContract(module, () => {
    const server = startFakeServer(handler);
    return Promise.resolve({
      reranker: createHttpReranker(HTTP_PROTOCOLS[module], {
        baseURL: server.url,
        env: () => "contract-key",
        timeoutMs: TIMEOUT_MS,
      }),
      expected: fakeScore,
      calls: () => server.requests.length,
      close: () => server.close(),
    });
  });
}
