"""Runs seed 004's complete Flask receiver (seed_004_receiver.py, copied verbatim from the seed) unchanged.

The seed hard-codes its secret and port 3000; this runner sets the module's WEBHOOK_SECRET (which the
seed's verify_signature reads at call time) and runs the seed's own app on the given port.
Usage: python3 run_seed_004.py <port> <secret>
"""
import importlib.util
import os
import sys

port, secret = int(sys.argv[1]), sys.argv[2]
spec = importlib.util.spec_from_file_location("seed_004_receiver", os.path.join(os.path.dirname(__file__), "seed_004_receiver.py"))
receiver = importlib.util.module_from_spec(spec)
spec.loader.exec_module(receiver)
receiver.WEBHOOK_SECRET = secret
print(f"seed 004 receiver listening on {port}", flush=True)
receiver.app.run(host="127.0.0.1", port=port)
