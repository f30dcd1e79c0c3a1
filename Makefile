# storydesk: `make run` opens the app on the bundled demo catalog; `make test` runs the test suite.
# Both set up everything first (system packages, Python 3.14, .venv from uv.lock): see tools/setup.sh.
# `make check` runs the linter, the formatter check and the type checker; .ci/run runs it before the tests.
.PHONY: setup run test check format bench package screenshot clean

setup:
	@bash tools/setup.sh

run: setup
	.venv/bin/storydesk $(ARGS)

test: setup
	.venv/bin/python -m pytest $(PYTEST_ARGS)

check: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

format: setup
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

bench: setup
	.venv/bin/python benchmarks/run.py $(BENCH_ARGS)

package: setup
	bash tools/package.sh

screenshot: setup
	.venv/bin/python tools/screenshot.py

clean:
	rm -rf .venv .python .python-apt .pytest_cache .mypy_cache .ruff_cache build dist
