#!/usr/bin/env python3
"""Execute one notebook headless with Jupyter's own executor (nbclient) and export it to HTML.

Called by scripts/run-notebooks.js, which prepares the tslab kernelspec (JUPYTER_PATH) and the
environment (TOUNUM_PROFILE). Usage:

    execute_notebook.py NOTEBOOK OUT_IPYNB OUT_HTML [--timeout SECONDS] [--kernel NAME] [--cwd DIR]

Exit codes: 0 ok, 1 a cell failed or timed out (its source and error are printed), 2 bad usage or
missing dependencies. The executed notebook and its HTML are written even when a cell fails, so the
report shows where it stopped.
"""
import argparse
import json
import os
import re
import sys
import time

MATHJAX_CONFIG = (
    "<script>window.MathJax = {tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], processEscapes: true},"
    " svg: {fontCache: 'global'}};</script>"
)


def make_standalone(html: str, mathjax_path: str) -> str:
    """Makes nbconvert's HTML work offline: drops the require.js and MathJax 2 script tags (CDN or
    distribution paths that may not exist) and inlines MathJax 3 (SVG output needs no web fonts).
    Only the document head is touched; outputs are left as they are."""
    head_end = html.find("</head>")
    if head_end < 0:
        return html
    head, rest = html[:head_end], html[head_end:]
    head = re.sub(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", "", head, flags=re.S)
    head = re.sub(r"<script[^>]*src=\"[^\"]*(?:require|MathJax)[^\"]*\"[^>]*>\s*</script>", "", head, flags=re.I)
    if mathjax_path:
        with open(mathjax_path, encoding="utf-8") as f:
            head += MATHJAX_CONFIG + "<script>" + f.read().replace("</script", "<\\/script") + "</script>"
    return head + rest


def describe_failure(cell, failure, status) -> str:
    """What went wrong, from the cell's own outputs: tslab reports compile and runtime errors on
    stderr and in error outputs; nbclient's message only repeats the source."""
    lines = []
    for out in (cell.get("outputs", []) if cell is not None else []):
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            lines.append(out.get("text", "").rstrip())
        elif out.get("output_type") == "error":
            tb = "\n".join(out.get("traceback", []))
            lines.append(tb or f"{out.get('ename', '')}: {out.get('evalue', '')}")
    if status == "timeout" or not any(l.strip() for l in lines):
        lines.append(str(failure).split("Here is a preview")[0].strip())
    seen = []
    for l in lines:
        if l.strip() and l not in seen:
            seen.append(l)
    text = "\n".join(seen)
    return text if len(text) < 8000 else text[:8000] + "\n… (truncated)"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebook")
    ap.add_argument("out_ipynb")
    ap.add_argument("out_html")
    ap.add_argument("--timeout", type=int, default=600, help="per-cell timeout in seconds (default 600)")
    ap.add_argument("--kernel", default="tslab")
    ap.add_argument("--cwd", default=None, help="working directory of the kernel (default: the notebook's folder)")
    ap.add_argument("--mathjax", default="", help="MathJax 3 tex-svg.js to inline in the HTML (default: none, formulas stay TeX)")
    args = ap.parse_args()

    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
        from nbconvert import HTMLExporter
    except ImportError as e:  # pragma: no cover - environment problem
        print(f"execute_notebook: {e}. Install Debian's jupyter-nbconvert and python3-nbclient, "
              "or use the conda environment (environment.yml).", file=sys.stderr)
        return 2

    nb = nbformat.read(args.notebook, as_version=4)
    cwd = args.cwd or os.path.dirname(os.path.abspath(args.notebook))
    client = NotebookClient(nb, timeout=args.timeout, kernel_name=args.kernel,
                            resources={"metadata": {"path": cwd}}, allow_errors=False,
                            record_timing=True)
    status, failure, failed_index = "ok", None, None
    start = time.time()
    index = None
    try:
        with client.setup_kernel():
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
                if cell.cell_type == "code" and not cell.get("execution_count"):
                    cell.execution_count = sum(1 for c in nb.cells[: index + 1] if c.cell_type == "code")
    except CellTimeoutError as e:
        status, failure, failed_index = "timeout", e, index
    except (CellExecutionError, DeadKernelError) as e:
        status, failure, failed_index = "error", e, index
    except Exception as e:  # the kernel failed to start, etc.
        status, failure, failed_index = "error", e, index
    duration = time.time() - start

    os.makedirs(os.path.dirname(os.path.abspath(args.out_ipynb)), exist_ok=True)
    nbformat.write(nb, args.out_ipynb)
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nb)
    with open(args.out_html, "w", encoding="utf-8") as f:
        f.write(make_standalone(body, args.mathjax))

    result = {"status": status, "duration": round(duration, 2), "cells": sum(1 for c in nb.cells if c.cell_type == "code")}
    if failure is not None:
        idx = failed_index
        cell = nb.cells[idx] if idx is not None else None
        result["failedCell"] = idx
        print(f"\n=== {os.path.basename(args.notebook)}: cell {idx} {'timed out' if status == 'timeout' else 'failed'} ===", file=sys.stderr)
        if cell is not None:
            print("--- source ---", file=sys.stderr)
            print(cell.source, file=sys.stderr)
        print("--- error ---", file=sys.stderr)
        print(describe_failure(cell, failure, status), file=sys.stderr)
    print("RESULT " + json.dumps(result))
    return 0 if status == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
