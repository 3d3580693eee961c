import autocannon from 'autocannon';
import { eventQueries } from './dist/bench/api.js';
const r = await autocannon({ url: 'http://127.0.0.1:8787', connections: 50, duration: Number(process.argv[2] ?? 10), requests: eventQueries.map((path) => ({ method: 'GET', path })) });
console.log(r.requests.average, 'req/s; p50', r.latency.p50, 'p99', r.latency.p99, 'errors', r.errors, 'non2xx', r.non2xx);
