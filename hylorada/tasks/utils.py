"The functions the task files name (lm_eval imports this file by its path)"
from hylorada.harness import corpus_docs, passkey_docs, process_rolling
