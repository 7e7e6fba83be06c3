#!/usr/bin/env python3
"""Ask the livechat-aws token signer for a Live Chat token from a Python backend.

    python3 get_token.py <function-url> <sub> <stp>     prints the signer's JSON answer

The request is signed with botocore's SigV4Auth for service "lambda" (pip install botocore, or
Debian's python3-botocore) and sent with the standard library's http.client. Credentials come from
botocore's chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, AWS_PROFILE, SSO,
container and instance roles. The region comes from the Function URL's host
(<id>.lambda-url.<region>.on.aws); for a URL without one (npm start on 127.0.0.1), set
LIVECHAT_SIGNER_REGION to the region the runner printed.

Exit codes: 0 token printed, 1 the signer or AWS refused (the answer goes to stderr), 2 usage.
"""
import http.client
import json
import os
import re
import sys
from urllib.parse import urlsplit

import botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

FUNCTION_URL_HOST = re.compile(r"^[a-z0-9]{1,63}\.lambda-url\.([a-z0-9-]{1,63})\.on\.aws$")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class UsageError(Exception):
    pass


def signing_region(host):
    """The Function URL's region, else LIVECHAT_SIGNER_REGION; both set and different is an error."""
    match = FUNCTION_URL_HOST.match(host.lower())
    named = os.environ.get("LIVECHAT_SIGNER_REGION") or None
    if match and named and named != match.group(1):
        raise UsageError(f'LIVECHAT_SIGNER_REGION "{named}" contradicts the Function URL\'s region "{match.group(1)}"')
    if match:
        return match.group(1)
    if named:
        return named
    raise UsageError(f"{host} is not a Function URL host (<id>.lambda-url.<region>.on.aws): set LIVECHAT_SIGNER_REGION")


def get_token(function_url, sub, stp, sid=None, timeout=5.0):
    """POST <function-url>token, SigV4-signed; returns (HTTP status, body text)."""
    parts = urlsplit(function_url)
    if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in LOOPBACK):
        raise UsageError("the URL must use https (plain http only on 127.0.0.1 or localhost)")
    credentials = botocore.session.get_session().get_credentials()
    if credentials is None:
        raise UsageError("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE")
    url = function_url.rstrip("/") + "/token"
    request = {"sub": sub, "stp": stp}
    if sid is not None:
        request["sid"] = sid
    aws_request = AWSRequest(method="POST", url=url, data=json.dumps(request), headers={"Content-Type": "application/json"})
    SigV4Auth(credentials.get_frozen_credentials(), "lambda", signing_region(parts.hostname or "")).add_auth(aws_request)

    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("POST", urlsplit(url).path, body=aws_request.body, headers=dict(aws_request.headers.items()))
        response = connection.getresponse()
        return response.status, response.read(64 * 1024).decode("utf-8", errors="replace")
    finally:
        connection.close()


def main(argv):
    if len(argv) != 4:
        print("usage: get_token.py <function-url> <sub> <email|msisdn|externalPersonId>", file=sys.stderr)
        return 2
    try:
        status, body = get_token(argv[1], argv[2], argv[3])
    except UsageError as error:
        print(f"get_token.py: {error}", file=sys.stderr)
        return 2
    if status != 200:
        print(f"HTTP {status}: {body}", file=sys.stderr)
        return 1
    print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
