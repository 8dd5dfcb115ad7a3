# started with: sh /app/run.sh
set -e

: "${WORKERS:=1}"
: "${MODEL_DIR:=/models}"
: "${PORT:=7860}"

mkdir -p "$MODEL_DIR" /tmp/gradio
export GRADIO_TEMP_DIR=/tmp/gradio

if [ ! -f "$MODEL_DIR/.ready" ]; then
  echo "models are expected in $MODEL_DIR (mount a volume); starting anyway"
fi

cd /tmp/gradio
python /app/app.py --host 0.0.0.0 --port "$PORT" --workers "$WORKERS"