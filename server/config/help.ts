/** The text of `grypt-server --help`. */
export const SERVER_HELP = `grypt-server: the group key server of grypt (one process serves one group).

Usage:
  grypt-server [options]              run the server
  grypt-server admin <command> [args] talk to the running server (see: grypt-server admin help)

Options (each also works as the environment variable shown):
  --host HOST           address to listen on (GRYPT_HOST; default 127.0.0.1)
  --port PORT           TCP port, 0 picks a free one (GRYPT_PORT; default 19118)
  --data FILE           the group file, encrypted with your password (GRYPT_DATA;
                        default $XDG_DATA_HOME/grypt/group.grypt or ~/.local/share/grypt/group.grypt)
  --tls-cert FILE       PEM certificate (or full chain): serve wss:// instead of ws://
                        (GRYPT_TLS_CERT); re-read when it changes on disk and on SIGHUP
  --tls-key FILE        PEM private key for --tls-cert, without a passphrase (GRYPT_TLS_KEY)
  --name NAME           display name of a new group (GRYPT_NAME; default "grypt group")
  --history POLICY      which old keys a member receives: "all" (default) or "since-join"
                        (approving starts a new epoch, the member's first) (GRYPT_HISTORY)
  --password-file FILE  read the group password from FILE's first line (GRYPT_PASSWORD_FILE)
  --admin-socket PATH   the local admin socket (GRYPT_ADMIN_SOCKET; default FILE.sock)
  --public-url URL      URL put in invites when clients reach the server through a proxy
                        (GRYPT_PUBLIC_URL; default derived from host, port and TLS)
  --trust-proxy         take each client's address from the X-Forwarded-For header of the
                        reverse proxy in front (GRYPT_TRUST_PROXY=1), for the per-address
                        limits on join requests and connections; only when the proxy is the
                        one way in (--host 127.0.0.1), or anyone can name their own address
  --quiet               log warnings and errors only (GRYPT_QUIET=1)
  --version             print the version
  -h, --help            show this text

Tuning (environment only):
  GRYPT_HEARTBEAT_MS    how often connections are pinged; one that has not answered the
                        previous ping is dropped (default 30000)
  GRYPT_TLS_CHECK_MS    how often the TLS files are checked for a renewal (default 60000)

Password: on a terminal you are asked (twice when the group is created). Without a terminal it
comes from GRYPT_PASSWORD or --password-file. A wrong password stops the server and leaves the
file untouched.

The first start creates the group: a server identity key, epoch 1 and an empty member list.
Members join with an invite line (admin command "invite"); the admin approves them.
Console commands (on the server's terminal, or grypt-server admin ...):
  status, pending, approve <fp>…, deny <fp>, members, kick <fp>…, blocked, unblock <fp>, rotate,
  invite, backup <file>, log [n], help
  (<fp>: 16 or more hex digits of the fingerprint, e.g. 7f3a 9c12 0b4e 5d67)
`;
