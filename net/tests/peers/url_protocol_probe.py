"""Drives `wsconform fuzzingserver`'s URL protocol the way Autobahn testee clients do, with an
independent client (python3-websockets), and checks every answer: the case count, case info,
a case run by number and by casetuple, its status, an agent exclusion, the refusals (unknown
path 404; bad case number, missing agent 400), report writing, and /stopServer.

Usage: url_protocol_probe.py ws://127.0.0.1:PORT EXPECTED_CASE_COUNT
Prints one line per check and "N passed, M failed"; exit status 1 when any failed.
"""
import asyncio
import json
import sys

import websockets

server, expected_count = sys.argv[1].rstrip("/"), int(sys.argv[2])
results = []


def check(name, condition, detail=""):
    results.append(condition)
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else f": {detail}"), flush=True)


async def messages_of(path):
    got = []
    async with websockets.connect(server + path, open_timeout=10, close_timeout=5) as connection:
        async for message in connection:
            got.append(message)
        code, reason = connection.close_code, connection.close_reason
    return got, code, reason


async def echo(path):
    async with websockets.connect(server + path, open_timeout=10, close_timeout=5, max_size=2**25) as connection:
        async for message in connection:
            await connection.send(message)
        return connection.close_code


async def refused_status(path):
    try:
        async with websockets.connect(server + path, open_timeout=10):
            return 101
    except websockets.InvalidStatusCode as refusal:
        return refusal.status_code


async def main():
    got, code, _ = await messages_of("/getCaseCount")
    check("getCaseCount answers the count as one text message", got == [str(expected_count)], got)
    check("getCaseCount closes with 1000", code == 1000, code)

    got, _, _ = await messages_of("/getCaseInfo?case=1")
    info = json.loads(got[0]) if got else {}
    check("getCaseInfo?case=1 names case 1.1.1", info.get("id") == "1.1.1", got)
    check("getCaseInfo carries a description", bool(info.get("description")), got)

    code = await echo("/runCase?case=1&agent=probe")
    check("runCase?case=1 runs and closes with 1000", code == 1000, code)
    got, _, _ = await messages_of("/getCaseStatus?case=1&agent=probe")
    check("getCaseStatus reports the verdict of the case run", got and json.loads(got[0]) == {"behavior": "OK"}, got)

    code = await echo("/runCase?casetuple=1.1.2&agent=probe")
    check("runCase?casetuple=1.1.2 runs (the tester closes with 1000)", code == 1000, code)
    got, _, _ = await messages_of("/getCaseStatus?casetuple=1.1.2&agent=probe")
    check("getCaseStatus?casetuple= reports that run", got and json.loads(got[0]) == {"behavior": "OK"}, got)

    got, code, reason = await messages_of("/runCase?case=1&agent=skipped-agent")
    check("exclude-agent-cases: the case is skipped with close 1000 and a reason",
          code == 1000 and "excluded" in reason and not got, (code, reason, got))

    check("unknown path is refused with 404", await refused_status("/nowhere") == 404)
    check("case number out of range is refused with 400", await refused_status(f"/runCase?case={expected_count + 1}&agent=probe") == 400)
    check("case=0 is refused with 400", await refused_status("/runCase?case=0&agent=probe") == 400)
    check("runCase without agent is refused with 400", await refused_status("/runCase?case=1") == 400)
    check("getCaseStatus without agent is refused with 400", await refused_status("/getCaseStatus?case=1") == 400)

    got, code, _ = await messages_of("/updateReports?agent=probe")
    check("updateReports closes with 1000 once the reports are written", code == 1000, code)

    await messages_of("/stopServer")
    await asyncio.sleep(0.5)
    try:
        async with websockets.connect(server + "/getCaseCount", open_timeout=3):
            stopped = False
    except (OSError, websockets.InvalidHandshake, asyncio.TimeoutError):
        stopped = True
    check("stopServer stops the server", stopped)


asyncio.run(main())
print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
sys.exit(0 if all(results) else 1)
