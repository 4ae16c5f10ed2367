__version__ = "0.0.1"

from .model import HyLoRADAConfig, HyLoRADAModel, preset
