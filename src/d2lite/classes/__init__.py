"""The d2l.ai 1.0 edition's classes for the linear-networks chapters.

`hyperparameters` (add_to_class, HyperParameters), `board` (ProgressBoard),
`module` (Module, Classifier), `datamodules` (DataModule,
SyntheticRegressionData, FashionMNIST), `models` (SGD, LinearRegressionScratch,
LinearRegression, SoftmaxRegression) and `trainer` (Trainer). They are built
on d2lite's core (data, devices, plotting) and do not use the classic
functions of `d2lite.training`.
"""

from d2lite.classes.board import ProgressBoard
from d2lite.classes.datamodules import DataModule, FashionMNIST, SyntheticRegressionData
from d2lite.classes.hyperparameters import HyperParameters, add_to_class
from d2lite.classes.models import SGD, LinearRegression, LinearRegressionScratch, SoftmaxRegression
from d2lite.classes.module import Classifier, Module
from d2lite.classes.trainer import Trainer

__all__ = [
    "SGD",
    "Classifier",
    "DataModule",
    "FashionMNIST",
    "HyperParameters",
    "LinearRegression",
    "LinearRegressionScratch",
    "Module",
    "ProgressBoard",
    "SoftmaxRegression",
    "SyntheticRegressionData",
    "Trainer",
    "add_to_class",
]
