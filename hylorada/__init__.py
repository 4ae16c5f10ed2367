__version__ = "0.0.1"

from .model import HyLoRADAConfig, HyLoRADAModel, preset
from . import arithmetic   # HyLoRADAModel.add_weighted_adapter
