"""A TCP sink for bench/virtio/tcp_bench.sh: accepts one connection on
127.0.0.1:PORT, reads BYTES, closes, and prints the rate from the first byte
to the last. With --send it is the host's own sender instead (the anchor)."""
import socket
import sys
import time


def sink(port, total, ready_file):
    server = socket.create_server(("127.0.0.1", port))
    open(ready_file, "w").write(str(server.getsockname()[1]))
    conn, _ = server.accept()
    got, start = 0, None
    while got < total:
        data = conn.recv(1 << 20)
        if not data:
            break
        start = start or time.monotonic()
        got += len(data)
    elapsed = time.monotonic() - (start or time.monotonic())
    conn.close()
    print(f"bytes {got} MBps {got / 1e6 / max(elapsed, 1e-9):.2f}")


def send(port, total):
    conn = socket.create_connection(("127.0.0.1", port))
    block = bytes(65536)
    for _ in range(total // len(block)):
        conn.sendall(block)
    conn.recv(1)  # the sink closes once it has everything


if __name__ == "__main__":
    if sys.argv[1] == "--send":
        send(int(sys.argv[2]), int(sys.argv[3]))
    else:
        sink(0, int(sys.argv[1]), sys.argv[2])
