// Removes the previous build from dist/ while keeping dist/.gitkeep, which
// the repository tracks so the Go server can embed the folder before the
// front end has ever been built.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const dist = fileURLToPath(new URL('../dist/', import.meta.url))
const keep = '.gitkeep'

await mkdir(dist, { recursive: true })
for (const entry of await readdir(dist)) {
  if (entry !== keep) {
    await rm(join(dist, entry), { recursive: true, force: true })
  }
}
await writeFile(join(dist, keep), '', { flag: 'a' })
