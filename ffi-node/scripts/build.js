'use strict';
// Builds the addon from source with the workspace's cargo and copies it next to index.js as
// sessionjwt.node. No prebuilt binaries are downloaded. Cargo makes a no-op rebuild cheap.
//
// Env: SESSIONJWT_PROFILE=release|dev (default release), CARGO (default "cargo").

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const pkgDir = path.resolve(__dirname, '..');
const cargo = process.env.CARGO || 'cargo';
const profile = process.env.SESSIONJWT_PROFILE || 'release';

function run(args, opts = {}) {
  return execFileSync(cargo, args, { cwd: pkgDir, stdio: ['ignore', 'pipe', 'inherit'], ...opts });
}

const addon = path.join(pkgDir, 'sessionjwt.node');
if (!fs.existsSync(path.join(pkgDir, 'Cargo.toml'))) {
  // An installed copy of the package (packed from the source tree, e.g. npm's
  // install-links): it carries the addon that was built from source before packing.
  if (fs.existsSync(addon)) process.exit(0);
  console.error('sessionjwt: this copy has neither the Rust sources nor a built addon.');
  process.exit(1);
}

try {
  const meta = JSON.parse(run(['metadata', '--format-version', '1', '--no-deps']).toString());
  const args = ['build', '-p', 'sessionjwt-node'];
  if (profile === 'release') args.push('--release');
  execFileSync(cargo, args, { cwd: pkgDir, stdio: 'inherit' });
  const dir = path.join(meta.target_directory, profile === 'release' ? 'release' : 'debug');
  const lib = {
    darwin: 'libsessionjwt_node.dylib',
    win32: 'sessionjwt_node.dll',
  }[process.platform] || 'libsessionjwt_node.so';
  const dest = path.join(pkgDir, 'sessionjwt.node');
  // Copy to a temporary name and rename: a process that has the old addon loaded keeps it.
  const tmp = `${dest}.${process.pid}.tmp`;
  fs.copyFileSync(path.join(dir, lib), tmp);
  fs.renameSync(tmp, dest);
  console.error(`sessionjwt: built ${dest} (${profile})`);
} catch (err) {
  console.error(
    'sessionjwt: building the native addon failed. It is built from source: install a Rust ' +
      'toolchain (cargo) and run `npm run build` in the sessionjwt package directory.',
  );
  console.error(err && err.message);
  process.exit(1);
}
