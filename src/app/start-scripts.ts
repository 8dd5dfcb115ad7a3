/**
 * Which shell scripts found by walking a directory are container start scripts, when no Dockerfile there says so.
 * A script a Dockerfile runs is always one; otherwise its name decides, measured on the 75 real start scripts of
 * the development corpus (docs/start-scripts.md): `*entrypoint*`, `start*`, `run`/`run.sh`, `boot.sh`/`boot-*`,
 * `cmd.sh`, `*-foreground`, `launch.sh` name 64 of them; the other 11 (`jenkins.sh`, `samba.sh`, `supervisor.sh`…)
 * are found through the Dockerfile that runs them, or not at all. Build, deploy, test and hook scripts
 * (`scripts/deploy.sh`, `.husky/pre-commit`, `tools/run-tests.sh`, `docker-php-ext-configure`) are not judged as
 * start scripts: every rule would be wrong about them.
 */
const START_SCRIPT_NAME = /^(?:.*entrypoint.*|start.*|run|run\.(?:sh|bash)|boot(?:[-_.].*)?|cmd\.sh|.+-foreground|launch(?:\.sh)?)$/i;

/**
 * Folders of tests, CI configuration, git hooks and build tooling (`.github/`, `.husky/`, docker-library's `.test/`,
 * `build/run.sh`, `hack/`): their scripts are never start scripts by name alone.
 */
const NOT_START_FOLDER = /(?:^|\/)(?:\.(?:github|gitlab|husky|githooks|circleci|buildkite|ci|test|tests|devcontainer|vscode)|tests?|__tests__|spec|fixtures|testdata|build|hack|ci|tools)\//i;

/** Whether a script's path (relative, `/`-separated) names a start script by itself. */
export function isStartScriptName(relativePath: string): boolean {
  const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
  return START_SCRIPT_NAME.test(name) && !NOT_START_FOLDER.test(relativePath);
}
