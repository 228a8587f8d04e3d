OK_FORMAT = True

test = {   'name': 'q7',
    'points': 3,
    'suites': [   {   'cases': [   {   'code': ">>> _ui = build_finder(registry, scenarios)\n>>> assert '<table' in _ui.table.value and _ui.explanation.value.strip() != ''\n",
                                       'failure_message': 'after build_finder, ui.table.value should hold an HTML table (call update() once at the end)',
                                       'hidden': False,
                                       'locked': False},
                                   {   'code': '>>> _ui = build_finder(registry, scenarios)\n'
                                               '>>> _before = _ui.table.value\n'
                                               '>>> _ui.distance.value = 2\n'
                                               ">>> assert '<table' in _before and _ui.table.value != _before\n",
                                       'failure_message': 'moving the distance slider should update the table: connect each control with observe(update, names=value)',
                                       'hidden': False,
                                       'locked': False}],
                      'scored': True,
                      'setup': '',
                      'teardown': '',
                      'type': 'doctest'}]}
