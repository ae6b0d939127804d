/** `grypt --help`: commands, options, password sources and exit codes. */
export const MEMBER_HELP = `grypt: encrypt and decrypt posts for your grypt groups

Usage: grypt [options] <command> [arguments]

Commands:
  init                 create your member keys (saved encrypted with a password)
  join <invite>        ask to join a group; waits for the admin's approval (Ctrl-C stops
                       waiting; the request stays recorded) unless --no-wait
  status               your fingerprint and each group's state; asks the servers unless --offline
  encrypt              read text on stdin, write one post token on stdout (one trailing
                       newline of the input is dropped); refreshes keys when the server answers
  decrypt              read text on stdin, write it on stdout with every token you can read
                       replaced by its plaintext; unreadable tokens stay, with a note on stderr;
                       the rest passes through byte for byte, UTF-8 or not
  fingerprint          print your fingerprint (for the admin to compare)
  agent                keep your keys unlocked in memory and your groups connected, so that
                       encrypt, decrypt and status need no password and no server visit;
                       prints GRYPT_AGENT_SOCK=...; runs until grypt agent --stop
  lock                 make the running agent forget your keys (until grypt unlock)
  unlock               give the running agent your password again

Options:
  --data FILE          member file (default $XDG_DATA_HOME/grypt/member.json,
                       else ~/.local/share/grypt/member.json)
  --password-file FILE read the password from the first line of FILE
  --name NAME          init, join: the name the group admin sees (default: your login name)
  --group G            encrypt: the group (id, id prefix or name) when you are in several
  --no-wait            join: do not wait for approval
  --offline            status, encrypt, decrypt: do not contact servers, use stored keys
  --timeout SECONDS    how long to wait for a server (default 10; join: for approval, default none)
  --stop               agent: stop the running agent
  --detach             agent: run in the background (the password is asked first)
  --locked             agent: start without keys (grypt unlock gives the password later)
  --lock-after MINUTES agent: lock after that long without requests
  -h, --help           this help
  --version            the version

The password comes from --password-file, else the GRYPT_PASSWORD environment variable, else
the terminal (not echoed).

The agent listens on $GRYPT_AGENT_SOCK, else $XDG_RUNTIME_DIR/grypt/agent.sock, else
/tmp/grypt-<uid>/agent.sock. encrypt, decrypt and status use it when it serves the same member
file; without one they work as above.

Exit codes:
  0  success
  1  other error
  2  bad command line, invite, URL or group name
  3  member file: missing (run grypt init), wrong password, damaged, cannot be written,
     or no password available
  4  the group server could not be reached or did not answer in time
  5  not a member: still pending, denied, removed, or the server's key is not the pinned one
  6  decrypt: some tokens could not be read (the text was still written, those left as they were)
  130 interrupted
`;
