#!/usr/bin/env bash
# Ask the livechat-aws token signer for a Live Chat token with curl's own SigV4 signing:
#   get-token.sh <function-url> <sub> <stp>     prints the signer's JSON answer
# Credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and, for temporary credentials,
# AWS_SESSION_TOKEN (e.g. eval "$(aws configure export-credentials --format env)"). They reach curl
# through a config on standard input, never its command line (other users can read that in ps).
# The region comes from the Function URL's host (<id>.lambda-url.<region>.on.aws); for a URL
# without one (npm start on 127.0.0.1), set LIVECHAT_SIGNER_REGION to the region the runner printed.
# Needs curl ≥ 7.75 (--aws-sigv4). Exit codes: 0 token printed, 1 refused (answer on stderr), 2 usage.
set -euo pipefail

if [ "$#" -ne 3 ]; then
  echo "usage: get-token.sh <function-url> <sub> <email|msisdn|externalPersonId>" >&2
  exit 2
fi
url=${1%/}/token sub=$2 stp=$3

host=$(printf '%s' "$url" | sed -E 's#^[a-z]+://([^/:]+).*#\1#')
case "$url" in
  https://*) ;;
  http://127.0.0.1[:/]* | http://localhost[:/]*) ;;
  *) echo "get-token.sh: the URL must use https (plain http only on 127.0.0.1 or localhost)" >&2; exit 2 ;;
esac
region=$(printf '%s' "$host" | sed -nE 's#^[a-z0-9]{1,63}\.lambda-url\.([a-z0-9-]{1,63})\.on\.aws$#\1#p')
if [ -n "$region" ] && [ -n "${LIVECHAT_SIGNER_REGION:-}" ] && [ "$region" != "$LIVECHAT_SIGNER_REGION" ]; then
  echo "get-token.sh: LIVECHAT_SIGNER_REGION \"$LIVECHAT_SIGNER_REGION\" contradicts the Function URL's region \"$region\"" >&2; exit 2
fi
region=${region:-${LIVECHAT_SIGNER_REGION:-}}
if [ -z "$region" ]; then
  echo "get-token.sh: $host is not a Function URL host (<id>.lambda-url.<region>.on.aws): set LIVECHAT_SIGNER_REGION" >&2; exit 2
fi
if [ -z "${AWS_ACCESS_KEY_ID:-}" ] || [ -z "${AWS_SECRET_ACCESS_KEY:-}" ]; then
  echo "get-token.sh: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials)" >&2; exit 2
fi

# JSON strings: escape backslash and double quote; control characters are refused, not escaped.
json_string() {
  if printf '%s' "$1" | LC_ALL=C grep -q '[[:cntrl:]]'; then echo "get-token.sh: control characters are not allowed" >&2; exit 2; fi
  printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
}
body="{\"sub\":$(json_string "$sub"),\"stp\":$(json_string "$stp")}"

config="user = \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\""
if [ -n "${AWS_SESSION_TOKEN:-}" ]; then
  config="$config
header = \"x-amz-security-token: $AWS_SESSION_TOKEN\""
fi

answer=$(printf '%s\n' "$config" | curl --silent --show-error --max-time 10 --proto =https,http --config - \
  --aws-sigv4 "aws:amz:$region:lambda" \
  --header 'content-type: application/json' --data-binary "$body" \
  --write-out '\n%{http_code}' "$url")
status=${answer##*$'\n'}
answer=${answer%$'\n'*}
if [ "$status" != 200 ]; then
  echo "HTTP $status: $answer" >&2
  exit 1
fi
printf '%s\n' "$answer"
