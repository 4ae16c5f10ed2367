__version__ = "0.0.1"

from . import quant        # first: transformers imports torchao, whose import-time warnings it filters
from .model import HyLoRADAConfig, HyLoRADAModel, preset
from . import arithmetic   # HyLoRADAModel.add_weighted_adapter
