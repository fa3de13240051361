// The built modules, for the benches (run after `npm run build`): src modules import their
// siblings as .js, which only resolves in dist/; typed from src by the caller.
export async function dist<T>(path: string): Promise<T> {
  return (await import(new URL(`../../dist/${path}`, import.meta.url).href)) as T;
}
