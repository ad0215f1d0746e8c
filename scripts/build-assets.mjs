// Builds the front-end dependencies declared in package.json into thriving/static/dist.
// Run by `npm run build` (and so by `make assets`); the output is not committed.
//
// Production serves static files through Django's manifest storage, which rewrites every
// reference inside a CSS or JS file (url(), @import, sourceMappingURL) to the file's hashed name
// and refuses to collect a file whose references point at nothing. So each copied script or
// stylesheet brings the source map it names, and the build ends by checking that every reference
// in the output resolves to a file beside it: a missing one fails the build, not the release.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "thriving", "static", "dist");
const modules = join(root, "node_modules");

const SOURCE_MAP = /sourceMappingURL=([^\s*'"]+)/g;
const CSS_URL = /url\(\s*(['"]?)(.*?)\1\s*\)/g;
const CSS_IMPORT = /@import\s*['"](.*?)['"]/g;

/** The references a stylesheet or script makes to other files, as written. */
function references(file) {
  const text = readFileSync(file, "utf8");
  const found = [...text.matchAll(SOURCE_MAP)].map((match) => match[1]);
  if (file.endsWith(".css")) {
    found.push(...[...text.matchAll(CSS_URL)].map((match) => match[2]));
    found.push(...[...text.matchAll(CSS_IMPORT)].map((match) => match[1]));
  }
  // What the manifest storage leaves alone: fragments, data and other sites.
  return found.filter((url) => url && !/^(#|data:|[a-z]+:|\/\/)/i.test(url));
}

function withoutQuery(url) {
  return url.split(/[?#]/)[0];
}

function filesUnder(folder) {
  return readdirSync(folder, { recursive: true })
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile());
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const css = sass.compile(join(root, "thriving", "assets", "scss", "thriving.scss"), {
  loadPaths: [modules],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin"],
});
writeFileSync(join(out, "thriving.css"), css.css);

const copies = [
  ["govuk-frontend/dist/govuk/govuk-frontend.min.js", "govuk-frontend.min.js"],
  ["govuk-frontend/dist/govuk/assets/images", "images"],
  ["htmx.org/dist/htmx.min.js", "htmx.min.js"],
  ["leaflet/dist/leaflet.js", "leaflet/leaflet.js"],
  ["leaflet/dist/leaflet.css", "leaflet/leaflet.css"],
  ["leaflet/dist/images", "leaflet/images"],
];
for (const [from, to] of copies) {
  const source = join(modules, from);
  cpSync(source, join(out, to), { recursive: true });
  if (/\.(js|css)$/.test(from)) {
    // The source map a copied file names lives beside it in the package: bring it along.
    for (const url of references(source).filter((url) => url.endsWith(".map"))) {
      cpSync(join(dirname(source), withoutQuery(url)), join(out, dirname(to), withoutQuery(url)));
    }
  }
}
cpSync(join(root, "thriving", "assets", "js"), join(out, "js"), { recursive: true });

const problems = [];
for (const file of filesUnder(out).filter((path) => /\.(js|css)$/.test(path))) {
  for (const url of references(file)) {
    const shown = relative(out, file);
    if (url.startsWith("/")) {
      problems.push(`${shown} refers to ${url}: refer to files relative to the file, not the site's root`);
    } else if (!existsSync(join(dirname(file), withoutQuery(url)))) {
      problems.push(`${shown} refers to ${url}, which the build did not produce`);
    }
  }
}
if (problems.length) {
  console.error(`The built assets refer to files that are not there:\n  ${[...new Set(problems)].join("\n  ")}`);
  process.exit(1);
}
console.log(`Built front-end assets into ${out}`);
