#!/usr/bin/env python3
"""Check that ecoprodd answers: health, version, number of services, first event.

Usage: health.py [SOCKET]   (default: $ECOPROD_SOCKET, else /run/ecoprod/ecoprod.sock)
Exits 0 when the daemon is SERVING, 1 otherwise.
"""

import sys

from ecoprod_client import Connection, DaemonClient, RpcError, daemon_pb2


def main(argv):
    socket_path = argv[1] if len(argv) > 1 else None
    try:
        with Connection(socket_path, timeout=10.0) as conn:
            daemon = DaemonClient(conn)
            health = daemon.health()
            status = daemon_pb2.HealthResponse.ServingStatus.Name(health.status)
            print(f"socket:   {conn.socket_path}")
            print(f"health:   {status}" + (f" ({health.reason})" if health.reason else ""))
            info = daemon.info()
            print(f"version:  {info.version}")
            print(f"services: {len(daemon.list_services())}")
            # The first event of every Watch stream is daemon.watch.started.
            with daemon.watch(timeout=10.0) as events:
                event = next(events)
            print(f"event:    #{event.sequence} {event.topic} from {event.source}: "
                  f"{event.summary}")
    except RpcError as exc:
        print(f"health.py: {exc}", file=sys.stderr)
        return 1
    except StopIteration:
        print("health.py: the Watch stream ended without an event", file=sys.stderr)
        return 1
    return 0 if health.status == daemon_pb2.HealthResponse.SERVING else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
