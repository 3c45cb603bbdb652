"""A Berth job: reads its parameters, computes a small result, prints it and saves it in outputs/.

Run it with:   berth submit scheduler . main.py --epochs 5
or locally:    python main.py
"""
import argparse
import json
import os

try:
    import berth  # in every Berth job, whatever its image
except ImportError:  # running outside Berth
    berth = None


def load_parameters():
    """The job's parameters: from Berth when available, else from the parameters file, else none."""
    if berth is not None:
        return berth.load_parameters()
    path = os.environ.get("BERTH_PARAMETERS_FILE", "foundations_job_parameters.json")
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    return {}


def main():
    params = load_parameters()
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=int(params.get("epochs", 3)))
    args = parser.parse_args()
    lr = float(params.get("lr", 0.1))
    print("params:", json.dumps(params, sort_keys=True))

    # A stand-in for training: a loss that shrinks with the learning rate and the number of epochs.
    loss = 1.0
    for epoch in range(1, args.epochs + 1):
        loss *= 1.0 - min(lr, 0.9)
        print(f"epoch {epoch}: loss {loss:.4f}")
        if berth is not None:
            berth.log_metric("loss", loss, step=epoch)  # history in 'berth get job-details'

    result = round(1.0 - loss, 4)
    print(f"result: {result}")

    os.makedirs("outputs", exist_ok=True)
    result_file = os.path.join("outputs", "result.json")
    with open(result_file, "w") as f:
        json.dump({"result": result, "epochs": args.epochs, "lr": lr}, f)
    if berth is not None:
        berth.log_metric("result", result)        # latest values show in 'berth list' and 'berth get metrics'
        berth.save_artifact(result_file, "result")  # kept in the job's archive under job/berth/artifacts/


if __name__ == "__main__":
    main()
