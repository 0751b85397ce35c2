/** Host names that never leave the machine: where a secret may travel over plain http (a local relay, a test server). */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
