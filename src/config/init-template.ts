// The file `agent-handover init` writes. Every key is present with its default value, so the file
// documents itself and parses to exactly DEFAULT_CONFIG (a test holds us to that).
const TEMPLATE = `# yaml-language-server: $schema=./node_modules/agent-handover/schema/agent-handover.schema.json
# agent-handover configuration. Every key is optional: delete a line to keep its default.
# Paths are relative to the project root (the folder holding this file).

# Folder name of the Markdown memory. Shared mode: the folder inside the memory ref, readable at
# .agent-handover/<memory_root>/ (never in git status). Branch mode: a committed project folder.
memory_root: memory
# The journal of the handover in flight (machine-local, gitignored).
checkpoint: .agent-handover/checkpoint.json
# While any of these files exists, nothing is written anywhere. ~/ is your home folder.
pause_files:
  - PAUSE
  - ~/.agent_handover/PAUSE
# Tag in memory file names: letters, digits, . _ - (not first), at most 64 characters.
tag: handover

git:
  commit: true          # commit memory after each handover (memory paths only, never your changes)
  push: false           # push after committing
  remote: origin
  sign: false           # sign handover commits with your configured key
  mode: shared          # shared: memory on its own ref, pushed with yours | branch: memory on the current branch
  ref: refs/heads/agent-handover/memory   # the ref used in shared mode

context:
  budget: 8000          # characters injected at SessionStart, 500 to 10000

redaction:
  # Extra secrets to redact, on top of the built-in detector. Each pattern must compile.
  extra_patterns: []
  #  - name: internal-token
  #    pattern: "itk_[A-Za-z0-9]{32}"
  # Literal values never redacted (test fixtures, documented example keys).
  allow: []

# Which hook events act; false makes that hook a no-op.
hooks:
  session_start: true
  stop: true
  session_end: true
  pre_compact: true
  post_compact: true
  post_commit: true

# Ask the agent once to record decisions when a turn changed code and nothing was captured.
ask_mode: false
# Memory items older than this many days are marked stale.
stale_after_days: 30

compaction:
  older_than_days: 30   # session notes older than this go into the monthly archive

sync:
  auto: false           # sync with the remote after each Stop handover
  retries: 3            # push retries when the remote rejects

refine:
  auto: true            # refine in the background between sessions when due; false: only by hand

# The handover pipeline, in order. Built-in steps: collect, session_note, current_state, refine,
# compact, publish, sync (refine, not in the default list, dedupes facts and writes memory/topics/
# when 5 notes or a day have passed since it last ran). A custom step runs a command; it gets the run's facts as a JSON file whose path is
# in $AGENT_HANDOVER_FACTS, and a failed one stays pending and runs again on the next handover.
steps:
  - collect
  - session_note
  - current_state
  - compact
  #- name: docs               # unique name
  #  run: npm run docs        # a string runs with sh -c; a list is argv
  #  timeout: 120             # seconds; the whole process group is killed after it
  #  env: { DOCS_MODE: quick }
  #  cwd: docs                # inside the project
  #  when: [stop, session_end, run]   # session_start, stop, session_end, pre_compact, post_compact, run
  - publish
  #- sync
`;

export function initTemplate(): string {
  return TEMPLATE;
}
