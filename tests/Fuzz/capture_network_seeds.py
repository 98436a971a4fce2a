#!/usr/bin/python3
"""Records what DCMTK's echoscu and storescu send to a C-STORE SCP (DCMTK's storescp), byte for byte, as seeds of the
dicom-network fuzzing target: a relay on loopback passes both directions on and keeps the sender's side. storescp is
given a 4 KiB maximum PDU and accepts every transfer syntax (+xa) so that data sets arrive in many P-DATA PDUs. Needs Debian's dcmtk."""
import pathlib
import socket
import subprocess
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
OUT = DATA / "fuzz" / "dicom-network"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pump(source, target, kept=None):
    while chunk := source.recv(65536):
        if kept is not None:
            kept.extend(chunk)
        target.sendall(chunk)
    target.shutdown(socket.SHUT_WR)


def record(name, tool, options, files=()):
    scp_port, relay_port = free_port(), free_port()
    with tempfile.TemporaryDirectory() as stored:
        scp = subprocess.Popen(["storescp", "+xa", "-aet", "CONDUIT", "-pdu", "4096", "-od", stored, str(scp_port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        with socket.socket() as relay:
            relay.bind(("127.0.0.1", relay_port))
            relay.listen(1)
            relay.settimeout(30)
            client = subprocess.Popen([tool, *options, "127.0.0.1", str(relay_port), *map(str, files)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            sender, _ = relay.accept()
            receiver = socket.create_connection(("127.0.0.1", scp_port))
            sent = bytearray()
            threads = [threading.Thread(target=pump, args=(sender, receiver, sent)), threading.Thread(target=pump, args=(receiver, sender))]
            for t in threads:
                t.start()
            try:
                assert client.wait(timeout=30) == 0, f"{tool} failed"
            finally:
                client.kill()
                scp.kill()
            for t in threads:
                t.join(timeout=30)
        scp.wait()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / name).write_bytes(bytes(sent))
    print(name, len(sent), "bytes")


record("seed-echoscu", "echoscu", ["-aec", "CONDUIT"])
record("seed-storescu-tdr", "storescu", ["-R", "-aec", "CONDUIT"], [DATA / "dicos" / "SimpleBaggageNoThreatTDR.dcs"])
record("seed-storescu-ct", "storescu", ["-R", "-aec", "CONDUIT"], [DATA / "dicos" / "SimpleCT0000.dcs"])
