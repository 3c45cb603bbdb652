"""A tiny experiment: reads its parameters, 'trains' for some epochs and reports a result."""
import argparse
import math
import time

import berth

params = berth.load_parameters()
parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=2)
args = parser.parse_args()

learning_rate = float(params.get("learning_rate", 0.1))
layers = int(params.get("layers", 1))
print(f"job {berth.job_id()}: learning_rate={learning_rate} layers={layers} epochs={args.epochs}")

loss = 1.0
for epoch in range(1, args.epochs + 1):
    loss *= math.exp(-learning_rate * layers * 10)
    print(f"epoch {epoch}: loss={loss:.4f}")
    berth.log_metric("loss", loss, step=epoch)
    time.sleep(0.2)

with open("data/result.txt", "w") as out:
    out.write(f"{loss:.6f}\n")
berth.save_artifact("data/result.txt", "result")
print(f"result: loss={loss:.4f} (written to data/result.txt)")
