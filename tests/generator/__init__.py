"""Tests of zoom_mock.generator: conversion, realistic and fuzz bodies."""
