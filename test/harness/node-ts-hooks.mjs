// Lets plain node run the TypeScript sources (node --experimental-transform-types --import this):
// the sources import "./x.js", which exists only as ./x.ts. Tests use it to run the CLI under node,
// the runtime of the actions, without bundling first.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (e) {
      if (specifier.startsWith('.') && specifier.endsWith('.js')) return nextResolve(specifier.slice(0, -3) + '.ts', context);
      throw e;
    }
  },
});
