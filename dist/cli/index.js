import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 486:
/***/ ((module, __webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   ak: () => (/* binding */ runCli),
/* harmony export */   iW: () => (/* binding */ main),
/* harmony export */   xv: () => (/* binding */ VERSION)
/* harmony export */ });
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_url__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _core_operation_catalog_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(7328);
/* harmony import */ var _core_version_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(3323);
/**
 * The `aza-pg` command: dispatches to the operation of the catalog (src/core/operation-catalog.ts), loading only that one. The spec's scripts
 * (scripts/tools/*.ts) call `main` with the operation name first.
 */




function usage() {
    const listed = _core_operation_catalog_js__WEBPACK_IMPORTED_MODULE_2__/* .OPERATION_CATALOG */ .U.map((op) => [op.command ?? op.name, op.description]);
    const width = Math.max(...listed.map(([n]) => n.length)) + 2;
    return [
        'Usage: aza-pg <command> [arguments] [options]',
        '',
        'Day-2 operations for self-hosted PostgreSQL.',
        '',
        'Commands:',
        ...listed.map(([name, text]) => `  ${name.padEnd(width)}${text}`),
        '',
        'Run "aza-pg <command> --help" for its options.',
    ].join('\n');
}
async function main(argv) {
    const [name, ...rest] = argv;
    if (!name || name === '-h' || name === '--help' || name === 'help') {
        process.stdout.write(`${usage()}\n`);
        return name ? 0 : 2;
    }
    if (name === '--version' || name === '-V') {
        process.stdout.write(`aza-pg ${VERSION}\n`);
        return 0;
    }
    // Only the operation asked for is loaded, and the runner with it.
    const entry = (0,_core_operation_catalog_js__WEBPACK_IMPORTED_MODULE_2__/* .findOperationEntry */ .$)(name);
    if (entry) {
        const [op, { runCommand }] = await Promise.all([entry.load(), Promise.all(/* import() */[__nccwpck_require__.e(551), __nccwpck_require__.e(878)]).then(__nccwpck_require__.bind(__nccwpck_require__, 3878))]);
        return runCommand(op, rest);
    }
    process.stderr.write(`✗ Error: Unknown command "${name}"\n\n${usage()}\n`);
    return 2;
}
const VERSION = _core_version_js__WEBPACK_IMPORTED_MODULE_3__/* .AZA_PG_VERSION */ .o;
/** Runs main and sets the exit code; used by the bin and the spec's script shims. */
async function runCli(argv) {
    process.exitCode = await main(argv);
}
// Started directly (the bundle in dist/cli, or `node src/cli/index.ts` under a TS runtime).
const entry = process.argv[1];
if (entry && import.meta.url === (0,node_url__WEBPACK_IMPORTED_MODULE_0__.pathToFileURL)((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.realpathSync)(entry)).href) {
    await runCli(process.argv.slice(2));
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 7328:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ findOperationEntry),
/* harmony export */   U: () => (/* binding */ OPERATION_CATALOG)
/* harmony export */ });
const DESCRIPTIONS = {
    backup: 'Back up a database with pg_dump into a verified, compressed file with a manifest.',
    restore: 'Restore a PostgreSQL database from a backup (plain SQL, gzip, zstd, custom or directory archive). Checks the whole file and its manifest first; atomic by default: the target is swapped only after a successful load and row-count check.',
    verify: 'Prove a backup restorable: read it in full, check it against its manifest, restore it into a throw-away PostgreSQL (or a scratch database that is always dropped), compare row counts, run smoke SQL and amcheck. A failed verify fails the step.',
    promote: 'Promote a replica to primary (failover) in a container, a local data directory or over a connection: checks, split-brain guard, pre-promotion backup, online promotion, a verified write.',
    'ssl-certs': 'TLS certificates for PostgreSQL: self-signed (the spec default) or a CA with server and client certificates for mutual TLS; or check existing ones for expiry and key match.',
    prune: 'Delete old backups by a retention policy (7 daily, 4 weekly, 12 monthly) in a directory and among the backup artifacts; incomplete ones never count.',
    status: 'Check PostgreSQL nodes (roles, replication lag, split brain, WAL archiving, certificate expiry, the newest backup); fails when a threshold is crossed.',
    drill: 'Failover rehearsal on staging nodes (containers, data directories, connections): canary row, bounded catch-up, fence the primary, promote a replica, RTO and RPO, re-point the other replicas, rejoin the old primary.',
    'setup-pg-client': "Find or install the PostgreSQL client of a major (or of a server's major): on this machine, in the tool cache, or from its Debian package.",
};
const LOADERS = {
    backup: () => Promise.all(/* import() */[__nccwpck_require__.e(551), __nccwpck_require__.e(15), __nccwpck_require__.e(765), __nccwpck_require__.e(146), __nccwpck_require__.e(785), __nccwpck_require__.e(7)]).then(__nccwpck_require__.bind(__nccwpck_require__, 1785)).then((m) => m.backup),
    restore: () => Promise.all(/* import() */[__nccwpck_require__.e(551), __nccwpck_require__.e(15), __nccwpck_require__.e(765), __nccwpck_require__.e(146), __nccwpck_require__.e(995), __nccwpck_require__.e(975), __nccwpck_require__.e(785), __nccwpck_require__.e(177)]).then(__nccwpck_require__.bind(__nccwpck_require__, 3177)).then((m) => m.restore),
    verify: () => Promise.all(/* import() */[__nccwpck_require__.e(551), __nccwpck_require__.e(15), __nccwpck_require__.e(765), __nccwpck_require__.e(146), __nccwpck_require__.e(995), __nccwpck_require__.e(975), __nccwpck_require__.e(785), __nccwpck_require__.e(177), __nccwpck_require__.e(47)]).then(__nccwpck_require__.bind(__nccwpck_require__, 47)).then((m) => m.verify),
    promote: () => Promise.all(/* import() */[__nccwpck_require__.e(551), __nccwpck_require__.e(15), __nccwpck_require__.e(765), __nccwpck_require__.e(211), __nccwpck_require__.e(247)]).then(__nccwpck_require__.bind(__nccwpck_require__, 247)).then((m) => m.promote),
    'ssl-certs': () => Promise.all(/* import() */[__nccwpck_require__.e(631), __nccwpck_require__.e(551), __nccwpck_require__.e(15), __nccwpck_require__.e(67), __nccwpck_require__.e(604)]).then(__nccwpck_require__.bind(__nccwpck_require__, 1604)).then((m) => m.sslCerts),
    prune: () => Promise.all(/* import() */[__nccwpck_require__.e(551), __nccwpck_require__.e(15), __nccwpck_require__.e(146), __nccwpck_require__.e(995), __nccwpck_require__.e(714)]).then(__nccwpck_require__.bind(__nccwpck_require__, 8714)).then((m) => m.prune),
    status: () => Promise.all(/* import() */[__nccwpck_require__.e(631), __nccwpck_require__.e(551), __nccwpck_require__.e(15), __nccwpck_require__.e(765), __nccwpck_require__.e(146), __nccwpck_require__.e(995), __nccwpck_require__.e(975), __nccwpck_require__.e(211), __nccwpck_require__.e(67), __nccwpck_require__.e(219)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7219)).then((m) => m.status),
    drill: () => Promise.all(/* import() */[__nccwpck_require__.e(551), __nccwpck_require__.e(15), __nccwpck_require__.e(765), __nccwpck_require__.e(211), __nccwpck_require__.e(247), __nccwpck_require__.e(652)]).then(__nccwpck_require__.bind(__nccwpck_require__, 4652)).then((m) => m.drill),
    'setup-pg-client': () => Promise.all(/* import() */[__nccwpck_require__.e(551), __nccwpck_require__.e(765), __nccwpck_require__.e(166)]).then(__nccwpck_require__.bind(__nccwpck_require__, 9785)).then((m) => m.setupClient),
};
/** Commands that differ from their operation's name. */
const COMMANDS = { 'setup-pg-client': 'setup-client' };
/** In the order `aza-pg --help` lists them (the order of OPERATIONS). */
const OPERATION_CATALOG = Object.keys(LOADERS).map((name) => ({
    name,
    ...(COMMANDS[name] ? { command: COMMANDS[name] } : {}),
    description: DESCRIPTIONS[name],
    load: LOADERS[name],
}));
/** The entry of a command or action name. */
function findOperationEntry(name) {
    return OPERATION_CATALOG.find((e) => e.command === name || e.name === name);
}


/***/ }),

/***/ 3323:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ AZA_PG_VERSION)
/* harmony export */ });
/** The suite's version, recorded in manifests and printed by `aza-pg --version`. */
const AZA_PG_VERSION = '0.1.0';


/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 481:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:readline");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 6466:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 8877:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:v8");

/***/ }),

/***/ 714:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:vm");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(486);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ var __webpack_exports__VERSION = __webpack_exports__.xv;
/******/ var __webpack_exports__main = __webpack_exports__.iW;
/******/ var __webpack_exports__runCli = __webpack_exports__.ak;
/******/ export { __webpack_exports__VERSION as VERSION, __webpack_exports__main as main, __webpack_exports__runCli as runCli };
/******/ 
