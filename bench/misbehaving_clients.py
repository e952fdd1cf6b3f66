#!/usr/bin/env python3
"""Clients that misbehave against `c4j serve` while wrk loads it: slow senders (a request body
trickled a few bytes at a time) and disconnects mid-request (a full request, then the socket
closed before the answer). Prints one line: how many of each, and what the slow ones got back."""
import socket
import sys
import threading
import time

host, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
body = b'{"texts": ["a crocheted or knitted garment covering the upper part of the body"]}'
request = (b"POST /embed HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
           b"Connection: close\r\n\r\n" % (host.encode(), len(body))) + body
statuses = []
disconnects = [0]
lock = threading.Lock()


def slow():
    s = socket.create_connection((host, port))
    for i in range(0, len(request), 8):
        s.sendall(request[i:i + 8])
        time.sleep(0.05)
    reply = s.recv(64).decode(errors="replace")
    s.close()
    with lock:
        statuses.append(reply.split(" ")[1] if reply.startswith("HTTP/") else "none")


def disconnect():
    end = time.time() + seconds
    while time.time() < end:
        s = socket.create_connection((host, port))
        s.sendall(request)
        s.close()
        with lock:
            disconnects[0] += 1
        time.sleep(0.1)


threads = [threading.Thread(target=slow) for _ in range(8)] + [threading.Thread(target=disconnect) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("slow clients: %d, answered %s; disconnects mid-request: %d" % (len(statuses), ",".join(sorted(set(statuses))), disconnects[0]))
